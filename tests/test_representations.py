"""JSON-LD expanded with pyld, GeoJSON validated with geojson, sparse fields, negotiation."""

import json

import geojson
import pytest
from pyld import jsonld

SCHEMA = "https://schema.org/"


def _all_listings(client, lang="en"):
    return client.get(f"/api/v1/listings?limit=100&lang={lang}").get_json()["items"]


def test_every_seeded_listing_expands_as_schema_org(client):
    slugs = [item["slug"] for item in _all_listings(client)]
    assert len(slugs) >= 60
    for slug in slugs:
        response = client.get(f"/api/v1/listings/{slug}?format=jsonld&lang=en")
        assert response.mimetype == "application/ld+json"
        expanded = jsonld.expand(response.get_json())
        node = expanded[0]
        assert node["@type"][0].startswith(SCHEMA)
        assert node[SCHEMA + "name"][0]["@value"]
        assert node[SCHEMA + "name"][0]["@language"] == "en"
        geo = node[SCHEMA + "geo"][0]
        assert geo["@type"] == [SCHEMA + "GeoCoordinates"]
        assert 44.4 < geo[SCHEMA + "latitude"][0]["@value"] < 44.7
        address = node[SCHEMA + "address"][0]
        assert address["@type"] == [SCHEMA + "PostalAddress"]
        assert address[SCHEMA + "addressCountry"][0]["@value"] == "IT"


def test_types_follow_the_kind(client):
    museum = jsonld.expand(
        client.get("/api/v1/listings/museo-ferrari-maranello?format=jsonld").get_json()
    )
    assert museum[0]["@type"] == [SCHEMA + "Museum"]
    ducale = jsonld.expand(
        client.get(
            "/api/v1/listings/palazzo-ducale-di-sassuolo", headers={"Accept": "application/ld+json"}
        ).get_json()
    )
    hours = ducale[0][SCHEMA + "openingHoursSpecification"]
    days = {day["@id"] for day in hours[0][SCHEMA + "dayOfWeek"]}  # schema.org members: IRIs
    week = ("Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    assert days == {SCHEMA + day for day in week}
    assert hours[0][SCHEMA + "opens"][0]["@value"] == "10:00"


def test_a_list_is_an_item_list_and_all_languages_are_tagged(client):
    body = client.get("/api/v1/listings?format=jsonld&limit=5&lang=*").get_json()
    expanded = jsonld.expand(body)
    assert expanded[0]["@type"] == [SCHEMA + "ItemList"]
    first = expanded[0][SCHEMA + "itemListElement"][0][SCHEMA + "item"][0]
    languages = {value["@language"] for value in first[SCHEMA + "name"]}
    assert languages == {"it", "en", "de", "fr", "es", "zh", "ja", "ru"}


def test_events_expand_as_schema_org_events(client):
    body = client.get(
        "/api/v1/events?from=2015-09-01&to=2015-09-30&format=jsonld&lang=fr"
    ).get_json()
    items = jsonld.expand(body)[0][SCHEMA + "itemListElement"]
    event = items[0][SCHEMA + "item"][0]
    assert event["@type"] == [SCHEMA + "Event"]
    assert event[SCHEMA + "inLanguage"][0]["@value"] == "fr"
    assert event[SCHEMA + "startDate"][0]["@value"].startswith("2015-09")


def test_geojson_is_valid_for_lists_and_single_listings(client):
    response = client.get("/api/v1/listings?format=geojson&limit=100")
    assert response.mimetype == "application/geo+json"
    collection = geojson.loads(response.get_data(as_text=True))
    assert collection.is_valid and collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == response.get_json()["total"]
    lon, lat = collection["features"][0]["geometry"]["coordinates"]
    assert 10.6 < lon < 11 and 44.4 < lat < 44.7
    one = geojson.loads(
        client.get("/api/v1/listings/museo-ferrari-maranello?format=geojson").get_data(as_text=True)
    )
    assert (
        one.is_valid
        and one["type"] == "Feature"
        and one["properties"]["slug"] == "museo-ferrari-maranello"
    )
    events = geojson.loads(
        client.get("/api/v1/events?from=2015-09-01&to=2015-09-30&format=geojson").get_data(
            as_text=True
        )
    )
    assert events.is_valid


def test_sparse_fields_trim_the_output(client):
    body = client.get("/api/v1/listings?fields=name,location&limit=3").get_json()
    assert set(body["items"][0]) == {"id", "slug", "name", "location", "links"}
    assert {"total", "links"} <= set(body)
    one = client.get("/api/v1/listings/museo-ferrari-maranello?fields=name").get_json()
    assert set(one) == {"id", "slug", "name", "links"}
    assert client.get("/api/v1/listings?fields=secret").status_code == 400


def test_an_unacceptable_accept_is_406(client):
    response = client.get("/api/v1/listings", headers={"Accept": "image/png"})
    assert response.status_code == 406 and response.mimetype == "application/problem+json"
    assert client.get("/api/v1/listings", headers={"Accept": "*/*"}).mimetype == "application/json"


@pytest.mark.parametrize("fmt", ["jsonld", "geojson"])
def test_representations_are_json_documents(client, fmt):
    json.loads(client.get(f"/api/v1/listings?format={fmt}&limit=2").get_data(as_text=True))


def test_csv_is_every_match_in_one_language_with_stable_columns(client):
    import csv
    import io

    from catalog.listings.csv_export import COLUMNS

    response = client.get("/api/v1/listings?format=csv&lang=en&theme=motor")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert tuple(rows[0]) == COLUMNS
    total = client.get("/api/v1/listings?theme=motor").get_json()["total"]
    assert len(rows) == total and all("motor" in row["themes"] for row in rows)
    assert {row["language"] for row in rows} == {"en"}
    via_accept = client.get("/api/v1/listings?theme=motor", headers={"Accept": "text/csv"})
    assert via_accept.mimetype == "text/csv"
