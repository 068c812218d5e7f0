"""Whether a visitor can go in, and what not to miss: stated in the seeds, edited like any field,
filtered on, and obeyed by packages; opening hours from the published sources."""

import pytest
from sqlalchemy import select

from catalog.models import Listing

MARANELLO_MUSEUM = "/api/v1/listings/museo-ferrari-maranello"


def _etag(client, url, headers):
    return client.get(url, headers=headers).headers["ETag"]


def _slugs(client, query: str) -> set[str]:
    body = client.get(f"/api/v1/listings?limit=100&{query}").get_json()
    assert body["total"] <= 100
    return {item["slug"] for item in body["items"]}


def test_christmas_morning_has_fewer_places_open_than_a_june_saturday(client):
    christmas = client.get("/api/v1/listings?open_at=2015-12-25T10:00&limit=100").get_json()
    june = client.get("/api/v1/listings?open_at=2015-06-13T10:00&limit=100").get_json()
    assert christmas["total"] < june["total"]
    assert "museo-ferrari-maranello" in {item["slug"] for item in june["items"]}
    assert "museo-ferrari-maranello" not in {item["slug"] for item in christmas["items"]}
    museum = client.get(MARANELLO_MUSEUM + "?open_at=2015-12-25T10:00").get_json()
    assert museum["opening_hours"]["as_of"].startswith("2017")


def test_the_seeds_say_what_can_be_entered_and_what_matters(session):
    rows = dict(session.execute(select(Listing.slug, Listing.access)).all())
    assert rows["galleria-del-vento-ferrari"] == "outside_only"
    assert rows["stabilimento-ferrari-ingresso-storico"] == "outside_only"
    assert rows["circuito-di-fiorano"] == "outside_only"
    assert rows["museo-ferrari-maranello"] == "open"
    headline = set(session.scalars(select(Listing.slug).where(Listing.highlight == 3)))
    assert {
        "museo-ferrari-maranello",
        "palazzo-ducale-di-sassuolo",
        "castello-di-spezzano",
        "riserva-naturale-regionale-delle-salse-di-nirano",
        "rocca-dei-boiardo",
    } <= headline


def test_filters_by_access_and_importance(client):
    outside = _slugs(client, "access=outside_only")
    assert "galleria-del-vento-ferrari" in outside
    assert "museo-ferrari-maranello" not in outside
    headline = _slugs(client, "highlight=3")
    assert "museo-ferrari-maranello" in headline and "galleria-del-vento-ferrari" not in headline
    assert headline <= _slugs(client, "highlight=2")
    assert client.get("/api/v1/listings?access=sometimes").status_code == 400
    assert client.get("/api/v1/listings?highlight=4").status_code == 400


def test_every_representation_carries_them(client):
    body = client.get(MARANELLO_MUSEUM).get_json()
    assert body["access"] == "open" and body["highlight"] == 3
    jsonld = client.get(MARANELLO_MUSEUM + "?format=jsonld").get_json()
    assert jsonld["publicAccess"] is True
    gate = client.get("/api/v1/listings/galleria-del-vento-ferrari?format=jsonld").get_json()
    assert gate["publicAccess"] is False
    csv = client.get("/api/v1/listings?format=csv").get_data(as_text=True)
    assert "access,highlight" in csv.splitlines()[0]


def test_an_office_edits_them_like_any_field_with_history(client, tokens):
    headers = tokens["maranello"]
    url = "/api/v1/listings/galleria-del-vento-ferrari"
    response = client.patch(
        url,
        json={"access": "by_appointment", "highlight": 2},
        headers={**headers, "If-Match": _etag(client, url, headers)},
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["access"] == "by_appointment"
    history = client.get(url + "/revisions", headers=headers).get_json()["items"]
    latest = max(history, key=lambda revision: revision["number"])
    assert latest["changes"]["access"] == ["outside_only", "by_appointment"]
    assert latest["changes"]["highlight"][1] == 2


@pytest.mark.parametrize("patch", [{"access": "sometimes"}, {"highlight": 4}, {"highlight": -1}])
def test_bad_values_are_refused_and_change_nothing(client, tokens, patch):
    headers = tokens["maranello"]
    url = "/api/v1/listings/galleria-del-vento-ferrari"
    before = client.get(url, headers=headers).get_json()
    response = client.patch(
        url, json=patch, headers={**headers, "If-Match": _etag(client, url, headers)}
    )
    assert response.status_code == 422
    assert set(patch) <= set(response.get_json()["errors"])
    assert client.get(url, headers=headers).get_json()["version"] == before["version"]


def test_a_package_leaves_out_places_seen_only_from_outside_unless_asked(client):
    url = "/api/v1/packages/motor-valley-e-ceramica-in-un-giorno"
    default = client.get(url).get_json()
    slugs = [stop["listing"]["slug"] for stop in default["stops"]]
    assert "galleria-del-vento-ferrari" not in slugs and "circuito-di-fiorano" not in slugs
    assert default["stops_seen_from_outside_left_out"] == 2
    assert default["only_seen_from_outside"] is False
    asked = client.get(url + "?include_outside=true").get_json()
    every = [stop["listing"]["slug"] for stop in asked["stops"]]
    assert {"galleria-del-vento-ferrari", "circuito-di-fiorano"} <= set(every)
    assert asked["stops_seen_from_outside_left_out"] == 0
    accesses = {s["listing"]["slug"]: s["listing"]["access"] for s in asked["stops"]}
    assert accesses["circuito-di-fiorano"] == "outside_only"
    assert asked["total_distance_km"] >= default["total_distance_km"]


def test_a_package_made_only_of_them_says_so(client, tokens):
    headers = tokens["admin"]
    body = {
        "slug": "solo-da-fuori",
        "stops": ["galleria-del-vento-ferrari", "circuito-di-fiorano"],
        "audience": ["motor_fans"],
        "translations": {"it": {"name": "Solo da fuori"}, "en": {"name": "Only from outside"}},
    }
    created = client.post("/api/v1/packages", json=body, headers=headers)
    assert created.status_code == 201, created.get_json()
    url = created.headers["Location"]
    etag = created.headers["ETag"]
    published = client.post(url + "/publish", headers={**headers, "If-Match": etag})
    assert published.status_code == 200, published.get_json()
    public = client.get(url).get_json()
    assert public["stops"] == [] and public["only_seen_from_outside"] is True
    assert public["stops_seen_from_outside_left_out"] == 2
