"""Languages as data, every language at once, strict mode, locale formatting, status."""

import pytest
from babel.messages.pofile import read_po
from sqlalchemy import select

from catalog.models import Listing, ListingTranslation
from tests.test_catalogues import TRANSLATIONS

LANGS = ["it", "en", "de", "fr", "es", "zh", "ja", "ru"]


def _translated(lang: str, msgid: str) -> str:
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle)[msgid].string


def test_languages_with_endonyms_and_names_in_the_request_language(client):
    body = client.get("/api/v1/languages?lang=de").get_json()
    by_code = {item["code"]: item for item in body["items"]}
    assert list(by_code) == LANGS
    assert by_code["de"]["endonym"] == "Deutsch"
    assert by_code["ja"]["endonym"] == "日本語"
    assert by_code["it"]["name"] == "Italienisch" and by_code["it"]["default"] is True
    assert body["fallback"] == ["en", "it"]
    french = client.get("/api/v1/languages?lang=fr").get_json()["items"]
    assert french[0]["name"] == "italien"


def test_a_ninth_language_is_configuration(database_url, connection):
    from sqlalchemy.orm import sessionmaker

    from api import create_app
    from api.database import EXTENSION

    app = create_app(
        {
            "DATABASE_URL": database_url,
            "SERVER_NAME": "localhost",
            "DISTRETTO_LANGUAGES": (*LANGS, "pt"),
        }
    )
    app.extensions[EXTENSION].session_factory = sessionmaker(bind=connection)
    client = app.test_client()
    codes = [item["code"] for item in client.get("/api/v1/languages").get_json()["items"]]
    assert codes[-1] == "pt"
    body = client.get("/api/v1/listings/museo-ferrari-maranello?lang=pt").get_json()
    assert body["language"] == "pt" and body["fallbacks"]["name"] == "en"


def test_every_seeded_text_exists_in_all_eight_languages(client):
    body = client.get("/api/v1/translations/status").get_json()
    assert body["total"] >= 60
    assert [lang["code"] for lang in body["languages"]] == LANGS
    assert {lang["code"]: lang["incomplete"] for lang in body["languages"]} == dict.fromkeys(
        LANGS, 0
    )


def test_translation_status_names_what_is_missing(client, session):
    listing = session.scalar(select(Listing).where(Listing.slug == "museo-ferrari-maranello"))
    session.execute(
        ListingTranslation.__table__.update()
        .where(ListingTranslation.listing_id == listing.id, ListingTranslation.lang == "ru")
        .values(description=None)
    )
    body = client.get("/api/v1/translations/status?municipality=maranello").get_json()
    languages = {lang["code"]: lang for lang in body["languages"]}
    assert languages["ru"]["missing"] == [
        {"slug": "museo-ferrari-maranello", "fields": ["description"]}
    ]
    assert languages["ru"]["complete"] == body["total"] - 1
    assert languages["de"]["incomplete"] == 0
    assert client.get("/api/v1/translations/status?municipality=atlantis").status_code == 400


@pytest.mark.parametrize("lang", ["*", "all"])
def test_all_languages_at_once(client, lang):
    response = client.get(f"/api/v1/listings/museo-ferrari-maranello?lang={lang}")
    body = response.get_json()
    assert body["language"] == "*" and body["fallbacks"] == {}
    assert set(body["name"]) == set(LANGS)
    assert body["name"]["it"] != body["name"]["ja"]
    assert set(body["description"]) == set(LANGS)
    assert set(body["municipality"]["name"]) == set(LANGS)
    assert response.headers["Content-Language"] == ", ".join(LANGS)
    page = client.get(f"/api/v1/listings?lang={lang}&limit=3").get_json()
    assert all(isinstance(item["summary"], dict) for item in page["items"])


def test_strict_language_leaves_out_incomplete_listings(client, session):
    listing = session.scalar(select(Listing).where(Listing.slug == "museo-ferrari-maranello"))
    session.execute(
        ListingTranslation.__table__.update()
        .where(ListingTranslation.listing_id == listing.id, ListingTranslation.lang == "ja")
        .values(summary="")
    )
    relaxed = client.get("/api/v1/listings?lang=ja&municipality=maranello&limit=100").get_json()
    strict = client.get(
        "/api/v1/listings?lang=ja&municipality=maranello&limit=100&lang_strict=true"
    ).get_json()
    assert strict["total"] == relaxed["total"] - 1
    assert "museo-ferrari-maranello" not in [item["slug"] for item in strict["items"]]
    # strict is about the listing's own texts; a caption that falls back is still said
    assert all(
        not {"name", "summary", "description"} & set(item["fallbacks"]) for item in strict["items"]
    )
    assert any("media.0.caption" in item["fallbacks"] for item in strict["items"])
    everything = client.get("/api/v1/listings?lang=*&lang_strict=true&limit=100").get_json()
    assert "museo-ferrari-maranello" not in [item["slug"] for item in everything["items"]]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "Tue–Fri 8:30\u202fAM–12:30\u202fPM, 2:30\u202fPM–6:30\u202fPM; "
            "Sat 8:30\u202fAM–12:30\u202fPM",
        ),
        ("it", "mar–ven 08:30–12:30, 14:30–18:30; sab 08:30–12:30"),
        ("de", "Di.–Fr. 08:30–12:30, 14:30–18:30; Sa. 08:30–12:30"),
        ("fr", "mar.–ven. 08:30–12:30, 14:30–18:30; sam. 08:30–12:30"),
        ("ja", "火–金 8:30–12:30, 14:30–18:30; 土 8:30–12:30"),
    ],
)
def test_opening_hours_read_as_the_locale_writes_them(client, lang, expected):
    slug = "museo-storico-iris-ceramica-group"
    body = client.get(f"/api/v1/listings/{slug}?lang={lang}").get_json()
    assert body["display"]["opening_hours"].startswith(expected)
    assert body["opening_hours"]["weekly"][0]["opens"] == "08:30"  # machine field unchanged


def test_seasons_and_appointments_in_the_request_language(client):
    italian = client.get("/api/v1/listings/palazzo-ducale-di-sassuolo?lang=it").get_json()
    german = client.get("/api/v1/listings/palazzo-ducale-di-sassuolo?lang=de").get_json()
    assert "25 mar–31 dic: mar–dom 10:00–18:00" in italian["display"]["opening_hours"]
    assert "25. März–31. Dez.: Di.–So. 10:00–18:00" in german["display"]["opening_hours"]
    museum = "/api/v1/listings/museo-della-ceramica-di-fiorano?lang="
    assert (
        client.get(museum + "it").get_json()["display"]["opening_hours"].endswith("su appuntamento")
    )
    assert (
        client.get(museum + "de")
        .get_json()["display"]["opening_hours"]
        .endswith("nach Vereinbarung")
    )


@pytest.mark.parametrize(
    ("lang", "price", "number"),
    [("it", "12,50\xa0€", "1.234,5"), ("en", "€12.50", "1,234.5"), ("de", "12,50\xa0€", "1.234,5")],
)
def test_prices_and_distances_follow_the_locale(app, lang, price, number):
    from flask import g

    from api.formatting import Formatter

    with app.test_request_context():
        g.lang = lang
        formatter = Formatter(lang)
        assert formatter.price(12.5) == price
        assert number in formatter.distance(1234.46)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("it", "1 mag 2015"), ("en", "May 1, 2015"), ("ru", "1 мая 2015\u202fг.")],
)
def test_dates_for_people_beside_iso_dates(client, session, lang, expected, rerender):
    from datetime import UTC, datetime

    listing = session.scalar(select(Listing).where(Listing.slug == "museo-ferrari-maranello"))
    listing.updated_at = datetime(2015, 5, 1, 9, 0, tzinfo=UTC)
    session.flush()
    rerender()
    body = client.get(f"/api/v1/listings/museo-ferrari-maranello?lang={lang}").get_json()
    assert body["updated_at"].startswith("2015-05-01T09:00:00")  # ISO 8601, for machines
    assert body["display"]["updated_at"] == expected


@pytest.mark.parametrize("lang", ["fr", "de", "ja", "it"])
def test_problem_titles_in_the_request_language(client, lang):
    body = client.get(f"/api/v1/listings/nowhere?lang={lang}").get_json()
    assert body["title"] == _translated(lang, "Not Found") != "Not Found"
    invalid = client.get(f"/api/v1/listings?limit=500&lang={lang}").get_json()
    assert invalid["errors"]["limit"] == [
        _translated(lang, "Must be at most %(max)s.") % {"max": 100}
    ]


def test_vocabulary_terms_have_texts_in_every_language(client):
    for lang in LANGS:
        for path in ("themes", "kinds"):
            items = client.get(f"/api/v1/{path}?lang={lang}").get_json()["items"]
            assert all(item["label"] and item["summary"] and item["description"] for item in items)
    german = client.get("/api/v1/themes?lang=de").get_json()["items"]
    english = client.get("/api/v1/themes?lang=en").get_json()["items"]
    assert [t["description"] for t in german] != [t["description"] for t in english]
