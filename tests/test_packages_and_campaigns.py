"""Packages (ordering, distances, permission, workflow) and campaigns (window, hub distances)."""

import pytest
from pyld import jsonld
from sqlalchemy import select

from catalog.geo import Point, haversine_km
from catalog.models import Organisation, Package

NEW_PACKAGE = {
    "slug": "prova-maranello",
    "stops": [
        "museo-ferrari-maranello",
        "galleria-del-vento-ferrari",
        "rotonda-del-cavallino-ferrari",
    ],
    "duration_hours": 3,
    "audience": ["motor_fans"],
    "translations": {"it": {"name": "Prova a Maranello", "summary": "Tre tappe."}},
}


def test_seeded_packages_cover_every_town_and_theme(client):
    items = client.get("/api/v1/packages?lang=en").get_json()["items"]
    assert len(items) >= 6
    towns = {town["slug"] for item in items for town in item["municipalities"]}
    themes = {theme for item in items for theme in item["themes"]}
    assert towns == {
        "sassuolo",
        "fiorano-modenese",
        "formigine",
        "maranello",
        "casalgrande",
        "scandiano",
    }
    assert themes == {"ceramics", "motor", "food_and_wine", "heritage", "nature", "hospitality"}
    assert all(item["language"] == "en" and item["fallbacks"] == {} for item in items)


def test_a_package_keeps_its_order_and_measures_each_leg(client):
    body = client.get("/api/v1/packages/castelli-del-distretto?lang=de").get_json()
    slugs = [stop["listing"]["slug"] for stop in body["stops"]]
    assert slugs[0] == "castello-di-formigine" and slugs[-1] == "rocca-dei-boiardo"
    assert [stop["position"] for stop in body["stops"]] == list(range(1, len(slugs) + 1))
    assert body["stops"][0]["distance_from_previous_km"] is None
    for previous, stop in zip(body["stops"], body["stops"][1:], strict=False):
        a, b = previous["listing"]["location"], stop["listing"]["location"]
        expected = haversine_km(Point(a["lat"], a["lon"]), Point(b["lat"], b["lon"]))
        assert stop["distance_from_previous_km"] == pytest.approx(expected, abs=1e-3)
    legs = [s["distance_from_previous_km"] for s in body["stops"][1:]]
    assert body["total_distance_km"] == pytest.approx(sum(legs), abs=1e-2)
    assert (
        body["stops"][0]["listing"]["name"] != "Castello di Formigine" or body["language"] == "de"
    )


def test_a_package_spanning_towns_belongs_to_the_district(session):
    package = session.scalar(select(Package).where(Package.slug == "castelli-del-distretto"))
    single = session.scalar(select(Package).where(Package.slug == "dal-caseificio-all-acetaia"))
    owners = {o.id: o.slug for o in session.scalars(select(Organisation))}
    assert owners[package.owner_id] == "distretto" and owners[single.owner_id] == "maranello"


def test_packages_filter_by_theme_town_and_campaign(client):
    motor = client.get("/api/v1/packages?theme=motor").get_json()["items"]
    assert motor and all("motor" in p["themes"] for p in motor)
    scandiano = client.get("/api/v1/packages?municipality=scandiano").get_json()["items"]
    assert {p["slug"] for p in scandiano} >= {"scandiano-boiardo-spallanzani-spergola"}
    expo = {
        p["slug"] for p in client.get("/api/v1/packages?campaign=expo-2015").get_json()["items"]
    }
    assert "motor-valley-e-ceramica-in-un-giorno" in expo
    assert client.get("/api/v1/packages?campaign=olympics").status_code == 400


def test_a_package_is_a_tourist_trip_with_an_itinerary(client):
    body = client.get("/api/v1/packages/dal-caseificio-all-acetaia?format=jsonld").get_json()
    node = jsonld.expand(body)[0]
    assert node["@type"] == ["https://schema.org/TouristTrip"]
    itinerary = node["https://schema.org/itinerary"][0]
    assert len(itinerary["https://schema.org/itemListElement"]) == 5
    offer = node["https://schema.org/offers"][0]
    assert offer["https://schema.org/priceCurrency"][0]["@value"] == "EUR"


def _etag(client, slug, headers):
    return client.get(f"/api/v1/packages/{slug}", headers=headers).headers["ETag"]


def test_package_workflow_with_history(client, tokens):
    headers = tokens["maranello"]
    created = client.post("/api/v1/packages", json=NEW_PACKAGE, headers=headers)
    assert (
        created.status_code == 201
        and created.get_json()["stops"][0]["listing"]["slug"] == "museo-ferrari-maranello"
    )
    assert client.get("/api/v1/packages/prova-maranello").status_code == 404  # a draft
    patch = {"stops": ["rotonda-del-cavallino-ferrari", "museo-ferrari-maranello"]}
    patched = client.patch(
        "/api/v1/packages/prova-maranello", json=patch,
        headers={**headers, "If-Match": _etag(client, "prova-maranello", headers)},
    )  # fmt: skip
    assert patched.status_code == 200
    assert [s["listing"]["slug"] for s in patched.get_json()["stops"]] == patch["stops"]
    publish = client.post(
        "/api/v1/packages/prova-maranello/publish",
        headers={**headers, "If-Match": _etag(client, "prova-maranello", headers)},
    )
    assert (
        publish.status_code == 200
        and client.get("/api/v1/packages/prova-maranello").status_code == 200
    )
    stale = client.delete(
        "/api/v1/packages/prova-maranello", headers={**headers, "If-Match": '"v1-it"'}
    )
    assert stale.status_code == 412
    deleted = client.delete(
        "/api/v1/packages/prova-maranello",
        headers={**headers, "If-Match": _etag(client, "prova-maranello", headers)},
    )
    assert (
        deleted.status_code == 200
        and client.get("/api/v1/packages/prova-maranello").status_code == 404
    )
    history = client.get("/api/v1/packages/prova-maranello/revisions", headers=headers).get_json()[
        "items"
    ]
    assert [r["action"] for r in history] == ["create", "update", "publish", "delete"]


@pytest.mark.parametrize(
    ("actor", "stops", "expected"),
    [
        ("anonymous", NEW_PACKAGE["stops"], 401),
        ("sassuolo", NEW_PACKAGE["stops"], 403),
        ("maranello", ["museo-ferrari-maranello", "palazzo-ducale-di-sassuolo"], 403),
        ("admin", ["museo-ferrari-maranello", "palazzo-ducale-di-sassuolo"], 201),
        ("maranello", ["museo-ferrari-maranello", "nowhere"], 422),
    ],
)
def test_package_permissions(client, tokens, actor, stops, expected):
    response = client.post(
        "/api/v1/packages", json={**NEW_PACKAGE, "stops": stops}, headers=tokens[actor]
    )
    assert response.status_code == expected, response.get_json()


def test_an_editor_cannot_touch_a_district_package(client, tokens):
    etag = client.get("/api/v1/packages/castelli-del-distretto").headers["ETag"]
    response = client.patch(
        "/api/v1/packages/castelli-del-distretto", json={"duration_hours": 5},
        headers={**tokens["maranello"], "If-Match": etag},
    )  # fmt: skip
    assert response.status_code == 403


def test_campaigns_with_window_hub_and_distances(client):
    items = client.get("/api/v1/campaigns?lang=en").get_json()["items"]
    assert [c["slug"] for c in items] == ["expo-2015", "cersaie-2024"]
    expo = client.get("/api/v1/campaigns/expo-2015?lang=en").get_json()
    assert (expo["start"], expo["end"]) == ("2015-05-01", "2015-10-31")
    assert expo["hub"] == {"name": "Expo Milano 2015 (Rho-Fiera)", "lat": 45.5206, "lon": 9.0839}
    ferrari = next(i for i in expo["featured_listings"] if i["slug"] == "museo-ferrari-maranello")
    assert ferrari["distance_from_hub_km"] == pytest.approx(178, abs=1)
    assert expo["featured_packages"] and expo["getting_there"]
    cersaie = client.get("/api/v1/campaigns/cersaie-2024").get_json()
    assert cersaie["hub"] is None
    assert all(item["distance_from_hub_km"] is None for item in cersaie["featured_listings"])
    assert client.get("/api/v1/campaigns/olympics").status_code == 404


def test_the_campaign_filter_on_listings_and_events(client):
    featured = client.get("/api/v1/listings?campaign=expo-2015&limit=100").get_json()
    expo = client.get("/api/v1/campaigns/expo-2015").get_json()
    assert {i["slug"] for i in featured["items"]} == {i["slug"] for i in expo["featured_listings"]}
    events = client.get("/api/v1/events?campaign=expo-2015").get_json()
    assert events["window"] == {"from": "2015-05-01", "to": "2015-10-31"}
    assert all("2015-05-01" <= e["start"] <= "2015-10-31" for e in events["items"])
    assert "ceramicland-expo-2015" in {e["slug"] for e in events["items"]}
