"""Findings 3, 8 and 9, and the acceptance test of a hostile editor: what an editor can send
must neither leak what is not public nor slow the public API down."""

import time
from datetime import date, timedelta

import pytest

from catalog.events.recurrence import MAX_PERIODS
from catalog.listings.hours import MAX_EXCEPTIONS, MAX_RANGES, MAX_SEASONS
from tests.contract.kinds import _event, _listing, _package

API = "/api/v1"
FERRARI = "museo-ferrari-maranello"  # a stop of motor-valley-e-ceramica-in-un-giorno


def _etag(client, url, headers):
    return client.get(url, headers=headers).headers["ETag"]


def _act(client, headers, url, method="POST"):
    """A lifecycle action with the current ETag of the entity it acts on."""
    entity = url.rsplit("/", 1)[0] if method == "POST" else url
    headers = {**headers, "If-Match": _etag(client, entity, headers)}
    response = client.open(url, method=method, headers=headers)
    assert response.status_code == 200, response.get_json()
    return response


def _public_text(client) -> str:
    """Everything the public sees of packages and campaigns, in every format."""
    urls = [f"{API}/packages?limit=100", f"{API}/packages?limit=100&format=jsonld",
            f"{API}/campaigns/expo-2015", f"{API}/campaigns/expo-2015?format=jsonld"]  # fmt: skip
    for slug in ("motor-valley-e-ceramica-in-un-giorno", "castelli-del-distretto"):
        urls += [f"{API}/packages/{slug}", f"{API}/packages/{slug}?format=jsonld"]
    return "".join(client.get(url).get_data(as_text=True) for url in urls)


# --- finding 3: packages and campaigns publish only public places -------------------------


def test_an_archived_stop_disappears_from_packages_and_campaigns(client, tokens):
    assert FERRARI in _public_text(client)
    _act(client, tokens["maranello"], f"{API}/listings/{FERRARI}", method="DELETE")
    assert FERRARI not in _public_text(client)
    editors_view = client.get(
        f"{API}/packages/motor-valley-e-ceramica-in-un-giorno", headers=tokens["admin"]
    ).get_json()
    assert FERRARI in {stop["listing"]["slug"] for stop in editors_view["stops"]}


def test_a_draft_stop_is_not_shown_in_a_published_package(client, tokens):
    headers = tokens["maranello"]
    assert (
        client.post(f"{API}/listings", json=_listing("torre-bozza"), headers=headers).status_code
        == 201
    )
    body = {**_package("giro-con-bozza"), "stops": [FERRARI, "torre-bozza"]}
    assert client.post(f"{API}/packages", json=body, headers=headers).status_code == 201
    _act(client, headers, f"{API}/packages/giro-con-bozza/publish")
    public = client.get(f"{API}/packages/giro-con-bozza").get_json()
    assert [stop["listing"]["slug"] for stop in public["stops"]] == [FERRARI]
    for fmt in ("jsonld", "json"):
        text = client.get(f"{API}/packages?limit=100&format={fmt}").get_data(as_text=True)
        assert "torre-bozza" not in text and "Torre di prova" not in text


# --- finding 8: opening hours are bounded ----------------------------------------------------


def _hours(exceptions: int) -> dict:
    every_day = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    ranges = [
        {"days": every_day, "opens": f"{h:02d}:00", "closes": f"{h:02d}:30"}
        for h in range(6, 6 + MAX_RANGES // 7)
    ] * 7
    start = date(2026, 1, 1)
    return {
        "weekly": ranges[:MAX_RANGES],
        "seasons": [{"from": "01-01", "to": "12-31", "weekly": ranges[:MAX_RANGES]}] * MAX_SEASONS,
        "exceptions": [
            {"date": (start + timedelta(days=i % 3000)).isoformat()}  # closed by default
            for i in range(exceptions)
        ],
    }


def test_an_oversized_hours_structure_is_refused(client, tokens):
    body = {**_listing("orari-enormi"), "opening_hours": _hours(6_500)}
    response = client.post(f"{API}/listings", json=body, headers=tokens["maranello"])
    assert response.status_code == 422
    assert any(key.startswith("opening_hours") for key in response.get_json()["errors"])


# --- finding 9: other towns' drafts answer like missing ones -------------------------------


def test_another_towns_draft_answers_like_a_missing_one(client, tokens):
    assert (
        client.post(
            f"{API}/listings", json=_listing("bozza-segreta"), headers=tokens["maranello"]
        ).status_code
        == 201
    )
    other = {**tokens["sassuolo"], "If-Match": "*"}
    for suffix, method in (("", "PATCH"), ("/publish", "POST"), ("/revisions", "GET")):
        draft = client.open(
            f"{API}/listings/bozza-segreta{suffix}", method=method, json={}, headers=other
        )
        missing = client.open(
            f"{API}/listings/non-esiste{suffix}", method=method, json={}, headers=other
        )
        assert draft.status_code == missing.status_code == 404
        assert draft.get_json()["title"] == missing.get_json()["title"]


def test_links_to_another_towns_draft_are_refused_like_unknown_ones(client, tokens):
    assert (
        client.post(
            f"{API}/listings", json=_listing("bozza-segreta"), headers=tokens["maranello"]
        ).status_code
        == 201
    )
    sassuolo_event = {
        **_event("evento-curioso"),
        "municipality": "sassuolo",
        "location": {"lat": 44.55167, "lon": 10.78556},
    }
    answers = [
        client.post(
            f"{API}/events", json={**sassuolo_event, "listing": listing}, headers=tokens["sassuolo"]
        )
        for listing in ("bozza-segreta", "non-esiste")
    ]
    assert [a.status_code for a in answers] == [422, 422]
    assert "listing" in answers[0].get_json()["errors"]
    said = [a.get_json()["errors"]["listing"][0] for a in answers]
    assert said[0].replace("bozza-segreta", "?") == said[1].replace("non-esiste", "?")
    assert "bozza-segreta" not in client.get(f"{API}/events?limit=100").get_data(as_text=True)


# --- acceptance: the worst an editor can send keeps every public endpoint under a second --


WORST_NAME = "&lt;/script&gt;" * 20 + "x" * 40


@pytest.fixture
def hostile(client, tokens):
    """A published listing with the largest hours allowed and an event with the costliest rule."""
    headers = tokens["maranello"]
    listing = {**_listing("orari-massimi"), "opening_hours": _hours(MAX_EXCEPTIONS)}
    listing["translations"] = {"it": {"name": WORST_NAME[:200], "summary": "<b>" * 100}}
    assert client.post(f"{API}/listings", json=listing, headers=headers).status_code == 201
    _act(client, headers, f"{API}/listings/orari-massimi/publish")
    days = MAX_PERIODS - 3 * 366  # as far back as a daily rule may start
    start = (date.today() - timedelta(days=days)).isoformat()
    event = {**_event("ogni-giorno"), "start": start, "end": start, "recurrence": "FREQ=DAILY"}
    created = client.post(f"{API}/events", json=event, headers=headers)
    assert created.status_code == 201, created.get_json()
    _act(client, headers, f"{API}/events/ogni-giorno/publish")


PUBLIC_READS = [
    "/listings?limit=100&open_at=2026-08-15T10:00:00%2B02:00",
    "/listings?limit=100&open_now=true",
    "/listings?q=script&limit=100",
    "/listings/orari-massimi?open_now=true",
    "/listings?format=geojson&limit=100",
    "/listings?format=jsonld&limit=100",
    "/listings?format=csv",
    "/events?limit=100",
    "/events?from=2025-01-01&to=2026-12-31&limit=100",
    "/events?format=ical",
    "/events/ogni-giorno",
    "/packages",
    "/campaigns/expo-2015",
    "/changes",
    "/itineraries/plan?date=2026-08-15&start=museo-ferrari-maranello",
]


@pytest.mark.parametrize("path", PUBLIC_READS)
def test_every_public_read_answers_within_a_second(client, hostile, path):
    began = time.perf_counter()
    response = client.get(API + path)
    elapsed = time.perf_counter() - began
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert elapsed < 1.0, f"{path} took {elapsed:.2f} s"
