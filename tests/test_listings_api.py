"""GET /listings and /listings/{id-or-slug}: filters, paging, sort, visibility."""

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from catalog.models import Listing, ListingTranslation, Municipality, Organisation


def _get(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _slugs(body):
    return [item["slug"] for item in body["items"]]


def test_the_acceptance_example_finds_the_ferrari_museum_in_english(client):
    body = _get(
        client, "/api/v1/listings?municipality=maranello&theme=motor", **{"Accept-Language": "en"}
    )
    museum = next(i for i in body["items"] if i["slug"] == "museo-ferrari-maranello")
    assert museum["language"] == "en" and museum["fallbacks"] == {}
    assert "Ferrari" in museum["name"] and museum["name"] != "Museo Ferrari"
    assert all(
        i["municipality"]["slug"] == "maranello" and "motor" in i["themes"] for i in body["items"]
    )


def test_a_listing_carries_the_documented_fields(client):
    item = _get(client, "/api/v1/listings?limit=1")["items"][0]
    for name in (
        "id",
        "slug",
        "kind",
        "themes",
        "municipality",
        "name",
        "summary",
        "description",
        "location",
        "contacts",
        "opening_hours",
        "media",
        "updated_at",
        "language",
    ):
        assert name in item, name
    assert set(item["location"]) >= {"lat", "lon", "address"}
    assert set(item["municipality"]) == {"slug", "name"}


@pytest.mark.parametrize("param", ["theme", "kind", "municipality", "tag"])
def test_each_filter_keeps_only_matching_listings(client, session, param):
    everything = _get(client, "/api/v1/listings?limit=100")
    value = {
        "theme": "ceramics",
        "kind": "museum",
        "municipality": "scandiano",
        "tag": everything["items"][0]["tags"][0],
    }[param]
    body = _get(client, f"/api/v1/listings?{param}={value}&limit=100")
    assert 0 < body["total"] < everything["total"]

    def matches(item):
        return {
            "theme": value in item["themes"],
            "kind": item["kind"] == value,
            "municipality": item["municipality"]["slug"] == value,
            "tag": value in item["tags"],
        }[param]

    assert all(matches(item) for item in body["items"])
    assert body["total"] == sum(matches(item) for item in everything["items"])


def test_repeated_and_comma_separated_values_mean_any_of_them(client):
    comma = _get(client, "/api/v1/listings?municipality=sassuolo,maranello&limit=100")
    repeated = _get(
        client, "/api/v1/listings?municipality=sassuolo&municipality=maranello&limit=100"
    )
    sassuolo = _get(client, "/api/v1/listings?municipality=sassuolo&limit=100")
    maranello = _get(client, "/api/v1/listings?municipality=maranello&limit=100")
    assert _slugs(comma) == _slugs(repeated)
    assert comma["total"] == sassuolo["total"] + maranello["total"]


def test_filters_combine_with_and(client):
    body = _get(client, "/api/v1/listings?theme=ceramics&municipality=casalgrande&limit=100")
    assert body["total"] >= 1
    assert all(
        "ceramics" in i["themes"] and i["municipality"]["slug"] == "casalgrande"
        for i in body["items"]
    )


def test_paging_walks_every_listing_once_with_links(client):
    first = client.get("/api/v1/listings?limit=25&theme=heritage,nature")
    body = first.get_json()
    total = body["total"]
    assert body["page"] == 1 and body["limit"] == 25 and body["links"]["prev"] is None
    assert 'rel="next"' in first.headers["Link"] and 'rel="prev"' not in first.headers["Link"]
    seen = _slugs(body)
    url = body["links"]["next"]
    while url:
        assert parse_qs(urlsplit(url).query)["theme"] == ["heritage,nature"]
        page = client.get(url)
        assert page.status_code == 200
        body = page.get_json()
        assert body["links"]["prev"]
        seen += _slugs(body)
        url = body["links"]["next"]
    assert len(seen) == len(set(seen)) == total
    assert body["links"]["self"] == body["links"]["last"]


def test_default_and_maximum_page_sizes(client):
    assert _get(client, "/api/v1/listings")["limit"] == 20
    assert len(_get(client, "/api/v1/listings?limit=100")["items"]) > 20
    assert client.get("/api/v1/listings?limit=101").status_code == 400
    assert client.get("/api/v1/listings?limit=0").status_code == 400


def test_a_page_past_the_end_is_empty_but_links_back(client):
    body = _get(client, "/api/v1/listings?page=99")
    assert body["items"] == [] and body["links"]["next"] is None
    assert parse_qs(urlsplit(body["links"]["prev"]).query)["page"] == [str(-(-body["total"] // 20))]


def test_sort_by_name_follows_the_response_language(client):
    for lang in ("it", "en"):
        names = [
            i["name"] for i in _get(client, f"/api/v1/listings?limit=100&lang={lang}")["items"]
        ]
        assert names == sorted(names, key=str.lower)
        reverse = [
            i["name"]
            for i in _get(client, f"/api/v1/listings?limit=100&lang={lang}&sort=-name")["items"]
        ]
        assert reverse == names[::-1]


def test_sort_by_most_recently_updated(client, session, rerender):
    listing = session.scalar(select(Listing).where(Listing.slug == "museo-ferrari-maranello"))
    from datetime import UTC, datetime

    listing.updated_at = datetime(2030, 1, 1, tzinfo=UTC)
    session.flush()
    rerender()
    body = _get(client, "/api/v1/listings?sort=-updated_at")
    assert body["items"][0]["slug"] == "museo-ferrari-maranello"
    stamps = [i["updated_at"] for i in body["items"]]
    assert stamps == sorted(stamps, reverse=True)


def test_detail_by_slug_and_by_id_is_the_same_listing(client):
    by_slug = _get(client, "/api/v1/listings/museo-ferrari-maranello")
    by_id = _get(client, f"/api/v1/listings/{by_slug['id']}")
    assert by_slug == by_id
    assert by_slug["links"]["self"].endswith("/api/v1/listings/museo-ferrari-maranello")


def _draft(session) -> Listing:
    town = session.scalar(select(Municipality).where(Municipality.slug == "formigine"))
    owner = session.scalar(select(Organisation).where(Organisation.slug == "formigine"))
    listing = Listing(
        slug="bozza-di-prova",
        kind="attraction",
        status="draft",
        municipality_id=town.id,
        owner_id=owner.id,
        lat=44.5757,
        lon=10.846,
        contacts={},
        translations=[ListingTranslation(lang="it", name="Bozza di prova")],
    )
    session.add(listing)
    session.flush()
    return listing


def test_drafts_and_archived_listings_are_not_public(client, session):
    listing = _draft(session)
    for status in ("draft", "archived"):
        listing.status = status
        session.flush()
        assert client.get(f"/api/v1/listings/{listing.slug}").status_code == 404
        assert client.get(f"/api/v1/listings/{listing.id}").status_code == 404
        assert "bozza-di-prova" not in _slugs(
            _get(client, "/api/v1/listings?municipality=formigine&limit=100")
        )
    listing.status = "published"
    session.flush()
    assert _get(client, "/api/v1/listings/bozza-di-prova")["name"] == "Bozza di prova"


def test_unknown_municipality_is_a_400_naming_it(client):
    response = client.get("/api/v1/listings?municipality=modena")
    assert response.status_code == 400
    assert "modena" in response.get_json()["errors"]["municipality"][0]
