"""GET /municipalities, /municipalities/{slug}, /kinds and /themes."""

from catalog.vocabularies import KINDS, THEMES


def test_the_six_towns_in_one_list(client):
    body = client.get("/api/v1/municipalities?lang=en").get_json()
    towns = {item["slug"]: item for item in body["items"]}
    assert set(towns) == {
        "sassuolo",
        "fiorano-modenese",
        "formigine",
        "maranello",
        "casalgrande",
        "scandiano",
    }
    maranello = towns["maranello"]
    assert maranello["istat_code"] == "036019" and maranello["province"] == "MO"
    assert towns["scandiano"]["province"] == "RE"
    assert maranello["listing_count"] >= 6
    assert maranello["language"] == "en" and maranello["summary"]


def test_one_town_and_its_listings_link(client):
    town = client.get("/api/v1/municipalities/casalgrande").get_json()
    assert town["name"] == "Casalgrande"
    assert 44.5 < town["centre"]["lat"] < 44.7
    listings = client.get(town["links"]["listings"]).get_json()
    assert listings["total"] == town["listing_count"]
    assert {i["municipality"]["slug"] for i in listings["items"]} == {"casalgrande"}


def test_kinds_and_themes_have_codes_and_translated_labels(client):
    for path, vocabulary in (("kinds", KINDS), ("themes", THEMES)):
        italian = client.get(f"/api/v1/{path}").get_json()["items"]
        english = client.get(f"/api/v1/{path}?lang=en").get_json()["items"]
        assert [t["code"] for t in italian] == list(vocabulary)
        assert [t["label"] for t in english] == list(vocabulary.values())
        assert [t["label"] for t in italian] != [t["label"] for t in english]
