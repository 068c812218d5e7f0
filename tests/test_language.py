"""Language negotiation (?lang=, Accept-Language, default) and the field-level fallback."""

import pytest
from sqlalchemy import select

from catalog.models import Listing, ListingTranslation

FERRARI = "/api/v1/listings/museo-ferrari-maranello"


@pytest.mark.parametrize(
    ("query", "header", "expected"),
    [
        ("", None, "it"),
        ("", "en", "en"),
        ("", "de-CH", "de"),
        ("", "zh-Hans-CN", "zh"),
        ("", "zh_CN", "zh"),
        ("", "pt-BR, fr;q=0.8", "fr"),
        ("", "en;q=0.2, de;q=0.9", "de"),
        ("", "de;q=0, en;q=0.5", "en"),
        ("", "*", "it"),
        ("", "pt-BR", "it"),
        ("", "!!not a header;;", "it"),
        ("?lang=en", "de", "en"),
    ],
)
def test_negotiation(client, query, header, expected):
    headers = {"Accept-Language": header} if header is not None else {}
    response = client.get(f"/api/v1/themes{query}", headers=headers)
    assert response.status_code == 200
    assert response.headers["Content-Language"] == expected
    assert "Accept-Language" in response.headers["Vary"]


@pytest.mark.parametrize("code", ["pt", "pt-BR", "", "-", "english"])
def test_lang_refuses_what_no_supported_language_matches(client, code):
    """Case and regional variants match like Accept-Language (tests/test_lenient_and_
    discoverable.py); a language that is not configured does not."""
    assert client.get(f"/api/v1/themes?lang={code}").status_code == 400


def test_an_unsupported_lang_is_a_400_listing_the_supported_ones(client):
    response = client.get("/api/v1/listings?lang=pt")
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    message = response.get_json()["errors"]["lang"][0]
    assert "pt" in message and "it, en, de, fr, es, zh, ja, ru" in message


def test_errors_also_say_their_language(client):
    response = client.get("/api/v1/nowhere", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert response.headers["Content-Language"] == "en"


def test_texts_follow_the_language(client):
    italian = client.get(FERRARI).get_json()
    english = client.get(FERRARI, headers={"Accept-Language": "en"}).get_json()
    assert italian["language"] == "it" and english["language"] == "en"
    assert italian["name"] != english["name"]
    assert italian["fallbacks"] == {} and english["fallbacks"] == {}


def test_a_missing_language_falls_back_to_english_and_says_so(client, session, rerender):
    listing = session.scalar(select(Listing).where(Listing.slug == "museo-ferrari-maranello"))
    session.execute(
        ListingTranslation.__table__.delete().where(
            ListingTranslation.listing_id == listing.id, ListingTranslation.lang == "ja"
        )
    )
    rerender()
    english = client.get(FERRARI + "?lang=en").get_json()
    body = client.get(FERRARI + "?lang=ja").get_json()
    assert body["language"] == "ja"
    assert body["fallbacks"] == {"name": "en", "summary": "en", "description": "en"}
    assert body["name"] == english["name"]


def test_fallback_is_per_field_and_ends_in_italian(client, session, rerender):
    listing = session.scalar(select(Listing).where(Listing.slug == "museo-ferrari-maranello"))
    session.execute(
        ListingTranslation.__table__.delete().where(
            ListingTranslation.listing_id == listing.id,
            ListingTranslation.lang.in_(["de", "en"]),
        )
    )
    session.add(ListingTranslation(listing_id=listing.id, lang="de", name="Ferrari-Museum"))
    session.flush()
    rerender()
    italian = client.get(FERRARI + "?lang=it").get_json()
    body = client.get(FERRARI + "?lang=de").get_json()
    assert body["name"] == "Ferrari-Museum"
    assert body["summary"] == italian["summary"]
    assert body["fallbacks"] == {"summary": "it", "description": "it"}


def test_municipality_names_inside_listings_follow_the_language(client):
    body = client.get("/api/v1/listings?municipality=fiorano-modenese&limit=1&lang=en").get_json()
    assert body["items"][0]["municipality"]["name"]
