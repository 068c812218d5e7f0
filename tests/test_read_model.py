"""The read model sends byte for byte what the presenters would, and follows every write.

Two apps share the test's transaction: ours serves published listings from listing_documents,
the other (DISTRETTO_READ_MODEL off) builds every answer with the ORM, the presenters and
marshmallow, as before the read model. Their bodies and validators must be identical, for
every seeded listing in every language and in lang=*, for lists with every option that
changes an item, and after each kind of write.
"""

import pytest
from sqlalchemy import select, update

from api import create_app
from api.database import EXTENSION
from catalog.data.seeding import load_seeds
from catalog.i18n.languages import DEFAULT_LANGUAGES
from catalog.models import Listing, ListingDocument, MunicipalityTranslation

LANGUAGES = (*DEFAULT_LANGUAGES, "*")
NEW = {
    "kind": "heritage",
    "themes": ["heritage"],
    "municipality": "maranello",
    "location": {"lat": 44.5206, "lon": 10.85893, "address": "Maranello (MO)"},
    "opening_hours": {"weekly": [{"days": ["sat", "sun"], "opens": "10:00", "closes": "18:00"}]},
    "translations": {
        "it": {"name": "Torre di prova", "summary": "Una torre.", "description": "<p>Testo</p>"},
        "en": {"name": "Test tower", "summary": "A tower."},
    },
}
LISTS = (
    "/api/v1/listings?limit=100&lang={lang}",
    "/api/v1/listings?limit=7&page=3&sort=-name&lang={lang}",
    "/api/v1/listings?near=44.5297,10.8614&radius_km=8&limit=100&lang={lang}",
    "/api/v1/listings?open_at=2015-06-13T11:00:00%2B02:00&limit=100&lang={lang}",
    "/api/v1/listings?q=castello&lang={lang}",
    "/api/v1/listings?sort=updated_at&limit=5&lang={lang}",
    "/api/v1/listings?fields=name,location&theme=motor&lang={lang}",
    "/api/v1/listings?format=jsonld&municipality=sassuolo&lang={lang}",
    "/api/v1/listings?format=geojson&kind=museum&lang={lang}",
)


@pytest.fixture
def presenters(app, database_url):
    """The same catalogue answered without the read model."""
    built = create_app(
        {
            "DATABASE_URL": database_url,
            "TESTING": True,
            "SERVER_NAME": "localhost",
            "RATELIMIT_ENABLED": False,
            "DISTRETTO_READ_MODEL": False,
            "SECRET_KEY": app.config["SECRET_KEY"],  # the key of the catalogue ETags
        }
    )
    built.extensions[EXTENSION] = app.extensions[EXTENSION]
    return built.test_client()


def assert_same(client, presenters, url: str, headers: dict | None = None) -> bytes:
    ours, theirs = client.get(url, headers=headers), presenters.get(url, headers=headers)
    assert ours.status_code == theirs.status_code, url
    assert ours.data == theirs.data, url
    for name in ("ETag", "Content-Type", "Link", "Content-Language"):
        assert ours.headers.get(name) == theirs.headers.get(name), (url, name)
    return ours.data


def slugs(session) -> list[str]:
    return list(session.scalars(select(Listing.slug).where(Listing.status == "published")))


def test_every_seeded_listing_in_every_language_is_the_presenters_bytes(
    client, presenters, session, count_queries
):
    published = slugs(session)
    assert len(published) > 50
    for slug in published:
        for lang in LANGUAGES:
            url = f"/api/v1/listings/{slug}?lang={lang}"
            with count_queries() as counted:
                assert_same(client, presenters, url)
            assert any("listing_documents" in s for s in counted.statements), url
            assert_same(client, presenters, f"/api/v1/listings/{slug}?format=jsonld&lang={lang}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_lists_with_every_option_are_the_presenters_bytes(client, presenters, lang):
    for url in LISTS:
        assert_same(client, presenters, url.format(lang=lang))
    assert_same(client, presenters, "/api/v1/listings", {"Accept-Language": "de-CH, fr;q=0.5"})


def test_signed_in_and_unpublished_reads_still_come_from_the_presenters(
    client, presenters, tokens, count_queries
):
    client.post("/api/v1/listings", json=NEW, headers=tokens["maranello"])
    with count_queries() as counted:
        drafts = client.get("/api/v1/listings?status=draft&limit=100", headers=tokens["admin"])
    assert drafts.status_code == 200
    assert not any("listing_documents" in s for s in counted.statements)
    assert "torre-di-prova" in [item["slug"] for item in drafts.get_json()["items"]]
    assert client.get("/api/v1/listings/torre-di-prova").status_code == 404


def _etag(client, slug, headers):
    return client.get(f"/api/v1/listings/{slug}", headers=headers).headers["ETag"]


def _act(client, method, path, headers, slug="torre-di-prova", **kwargs):
    headers = {**headers, "If-Match": _etag(client, slug, headers)}
    response = client.open(path, method=method, headers=headers, **kwargs)
    assert response.status_code == 200, response.get_json()
    return response


def _check_listing(client, presenters, slug="torre-di-prova") -> dict:
    for lang in LANGUAGES:
        assert_same(client, presenters, f"/api/v1/listings/{slug}?lang={lang}")
    for url in LISTS[:4]:
        assert_same(client, presenters, url.format(lang="en"))
    return client.get(f"/api/v1/listings/{slug}?lang=en").get_json()


def test_every_kind_of_write_is_followed_by_the_documents(client, presenters, tokens):
    headers = tokens["maranello"]
    url = "/api/v1/listings/torre-di-prova"
    assert client.post("/api/v1/listings", json=NEW, headers=headers).status_code == 201
    _act(client, "POST", url + "/publish", headers)
    assert _check_listing(client, presenters)["name"] == "Test tower"
    _act(client, "PATCH", url, headers, json={"translations": {"en": {"name": "Tower"}}})
    assert _check_listing(client, presenters)["name"] == "Tower"
    texts = {"name": "Prüfturm", "summary": "Ein Turm.", "description": "Text."}
    _act(client, "PUT", url + "/translations/de", headers, json=texts)
    assert client.get(url + "?lang=de").get_json()["name"] == "Prüfturm"
    _check_listing(client, presenters)
    _act(client, "DELETE", url, headers)
    assert client.get(url).status_code == presenters.get(url).status_code == 404
    _act(client, "POST", url + "/restore", headers)
    assert _check_listing(client, presenters)["version"] == 6
    _act(client, "POST", url + "/revisions/2/restore", headers)
    assert _check_listing(client, presenters)["name"] == "Test tower"
    _act(client, "POST", url + "/unpublish", headers)
    assert client.get(url).status_code == 404


def test_seeds_imports_and_town_names_reach_the_documents(app, client, presenters, session):
    slug = "museo-ferrari-maranello"
    with app.app_context():
        session.execute(update(Listing).where(Listing.slug == slug).values(address="Altrove"))
        assert load_seeds(session).updated  # the seed puts the real address back
        town = session.scalar(
            select(MunicipalityTranslation).where(
                MunicipalityTranslation.municipality_id
                == select(Listing.municipality_id).where(Listing.slug == slug).scalar_subquery(),
                MunicipalityTranslation.lang == "en",
            )
        )
        town.name = "Maranello (Modena)"
        session.commit()
    body = _check_listing(client, presenters, slug)
    assert body["location"]["address"] != "Altrove"
    assert body["municipality"]["name"] == "Maranello (Modena)"
    runner = app.test_cli_runner()
    result = runner.invoke(args=["import", "ert", "seeds/ert/iat.csv", "--publish"])
    assert result.exit_code == 0, result.output
    for lang in ("it", "en", "*"):
        assert_same(client, presenters, f"/api/v1/listings?limit=100&tag=ert&lang={lang}")
        assert_same(client, presenters, f"/api/v1/listings?limit=100&lang={lang}")


def test_a_rebuild_makes_the_same_documents(app, session):
    from api.read_model import store

    def documents():
        rows = session.execute(
            select(ListingDocument.listing_id, ListingDocument.lang, ListingDocument.body)
        )
        return {(row.listing_id, row.lang): row.body for row in rows}

    before = documents()
    assert len(before) == len(slugs(session)) * len(LANGUAGES)
    with app.app_context():
        store.rebuild(session)
    assert documents() == before
