"""Finding 4 (medium): "plain text" fields gave back live HTML, and URLs took quotes.

Policy: plain text is stored with every tag removed, entity-encoded tags included (a name that
is nothing but markup is refused, 422); a description keeps nh3's small allowlist; URLs are
http(s) without quotes, angle brackets, backslashes, whitespace or control characters (422);
JSON-LD goes out with `<`, `>`, `&` escaped, safe inside a `<script>` block.
"""

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from catalog.data.importers.cleaning import clean_website
from catalog.editable import snapshot
from catalog.events.kind import EVENT
from catalog.listings.kind import LISTING
from catalog.models import Listing, Package
from catalog.offers.package_kind import PACKAGE
from catalog.sanitize import plain_text
from tests.contract.kinds import KINDS
from tests.test_editing import NEW
from tests.test_event_editing import NEW_EVENT

HOSTILE = "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
IMG = "<img src=x onerror=alert(1)>"
LIVE_MARKUP = re.compile(r"<\s*/?\s*(script|img)|onerror", re.IGNORECASE)
SLUG = "torre-ostile"


def _etag(client, path, headers):
    return client.get(path, headers=headers).headers["ETag"]


def _publish(client, path, headers):
    response = client.post(
        f"{path}/publish", headers={**headers, "If-Match": _etag(client, path, headers)}
    )
    assert response.status_code == 200, response.get_json()


HOSTILE_LISTING = {
    **NEW,
    "slug": SLUG,
    "location": {"lat": 44.5206, "lon": 10.85893, "address": f"Via Claudia 1 {IMG}"},
    "opening_hours": {
        "as_of": f"2015 {IMG}",
        "weekly": [{"days": ["sat", "sun"], "opens": "10:00", "closes": "18:00"}],
    },
    "media": [
        {
            "url": "https://img.example/torre.jpg",
            "credit": f"Foto {IMG}Comune",
            "licence": f"CC BY 4.0{IMG}",
            "caption": {"it": f"La torre {IMG}", "en": f"{HOSTILE}The tower"},
        }
    ],
    "translations": {
        "it": {
            "name": f"Torre {HOSTILE}",
            "summary": f"Una torre. {HOSTILE}",
            "description": f"<p>Testo {HOSTILE}</p>",
        },
        "en": {"name": f"Tower {IMG}", "summary": HOSTILE + "A tower."},
    },
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HOSTILE, ""),
        (f"Torre {HOSTILE}", "Torre"),
        ("&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;Rocca", "Rocca"),
        ("&lt;img src=x onerror=alert(1)&gt;Rocca", "Rocca"),
    ],
)
def test_plain_text_never_turns_entities_into_markup(text, expected):
    cleaned = plain_text(text)
    assert cleaned == expected and not LIVE_MARKUP.search(cleaned)
    assert plain_text(cleaned) == cleaned


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"Via Roma 1 {IMG}", "Via Roma 1"),
        ("<b>Rocca</b> &amp; parco", "Rocca & parco"),
        ("Rocca & parco", "Rocca & parco"),
        ("1 &lt; 2 &gt; 0", "1 < 2 > 0"),
        ("Ferrari <3", "Ferrari <3"),
    ],
)
def test_plain_text_keeps_what_is_not_markup(text, expected):
    """A guard, not a regression: what plain text did right before stays as it was."""
    assert plain_text(text) == expected


def _create_hostile_listing(client, tokens):
    headers = tokens["maranello"]
    created = client.post("/api/v1/listings", json=HOSTILE_LISTING, headers=headers)
    assert created.status_code == 201, created.get_json()
    _publish(client, f"/api/v1/listings/{SLUG}", headers)
    return created.get_json()


def test_every_listing_text_is_stored_without_markup(client, tokens):
    _create_hostile_listing(client, tokens)
    response = client.get(f"/api/v1/listings/{SLUG}?lang=*")
    assert not LIVE_MARKUP.search(response.get_data(as_text=True))
    body = response.get_json()
    assert body["name"] == {"it": "Torre", "en": "Tower"}
    assert body["summary"] == {"it": "Una torre.", "en": "A tower."}
    assert body["location"]["address"] == "Via Claudia 1"
    assert body["opening_hours"]["as_of"] == "2015"
    media = body["media"][0]
    assert (media["credit"], media["licence"]) == ("Foto Comune", "CC BY 4.0")
    assert media["caption"] == {"it": "La torre", "en": "The tower"}
    # Rich text keeps the encoded text as text (shown, never run); no tag comes alive.
    assert body["description"]["it"].startswith("<p>Testo &lt;/script&gt;")


class _Scripts(HTMLParser):
    """How a browser splits a page: the text of each <script> element."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._inside = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.scripts[-1] += data


def _embedded(body: str) -> list[str]:
    """A partner's page with the JSON-LD pasted in, as the HTML parser sees it."""
    page = f'<html><head><script type="application/ld+json">{body}</script></head></html>'
    parser = _Scripts()
    parser.feed(page)
    parser.close()
    return parser.scripts


def _assert_embeds_safely(response) -> dict:
    assert response.status_code == 200 and response.mimetype == "application/ld+json"
    body = response.get_data(as_text=True)
    assert "</script" not in body.lower() and "<" not in body and ">" not in body
    scripts = _embedded(body)
    assert scripts == [body]
    return json.loads(scripts[0])


def test_the_hostile_name_is_no_markup_in_json_ld_geojson_and_csv(client, tokens):
    _create_hostile_listing(client, tokens)
    node = _assert_embeds_safely(client.get(f"/api/v1/listings/{SLUG}?format=jsonld"))
    assert node["name"] == {"@value": "Torre", "@language": "it"}  # a text, tagged
    assert node["address"]["streetAddress"] == "Via Claudia 1"
    assert node["image"][0]["creditText"] == "Foto Comune"
    listing_list = client.get("/api/v1/listings?municipality=maranello&limit=100&format=jsonld")
    _assert_embeds_safely(listing_list)

    feature = client.get(f"/api/v1/listings/{SLUG}?format=geojson")
    assert not LIVE_MARKUP.search(feature.get_data(as_text=True))
    properties = feature.get_json()["properties"]
    assert (properties["name"], properties["address"]) == ("Torre", "Via Claudia 1")

    exported = client.get("/api/v1/listings?municipality=maranello&limit=100&format=csv&lang=it")
    text = exported.get_data(as_text=True)
    assert exported.status_code == 200 and not LIVE_MARKUP.search(text)
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(text))}
    row = rows[SLUG]
    assert (row["name"], row["address"], row["description"]) == ("Torre", "Via Claudia 1", "Testo")


def test_json_ld_embeds_safely_even_with_markup_stored_before_the_fix(client, session, rerender):
    """Rows written by the old code may still hold `</script>`: the output escapes it."""
    stored = "</script><script>alert(1)</script> & 'Museo'"
    listing = session.scalar(
        select(Listing)
        .where(Listing.slug == "museo-ferrari-maranello")
        .options(selectinload(Listing.translations))
    )
    package = session.scalar(
        select(Package)
        .where(Package.slug == "dal-caseificio-all-acetaia")
        .options(selectinload(Package.translations))
    )
    for row in [*listing.translations, *package.translations]:
        row.name = stored
    rerender()
    for path in (
        "/api/v1/listings/museo-ferrari-maranello?format=jsonld&lang=it",
        "/api/v1/listings?municipality=maranello&format=jsonld&lang=it",
        "/api/v1/packages/dal-caseificio-all-acetaia?format=jsonld&lang=it",
        "/api/v1/packages?format=jsonld&lang=it",
    ):
        node = _assert_embeds_safely(client.get(path))
        assert stored in json.dumps(node, ensure_ascii=False), path  # the same data, escaped


def test_event_and_package_texts_are_cleaned(client, tokens):
    headers = tokens["maranello"]
    event = {
        **NEW_EVENT,
        "location": {**NEW_EVENT["location"], "address": f"Piazza Libertà {IMG}"},
        "translations": {
            "it": {
                "name": f"Festa {HOSTILE}",
                "summary": f"{IMG}In piazza.",
                "recurrence_note": f"Ogni anno {IMG}",
            }
        },
    }
    created = client.post("/api/v1/events", json=event, headers=headers)
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert (body["name"], body["summary"]) == ("Festa", "In piazza.")
    assert body["recurrence_note"] == "Ogni anno"
    assert body["location"]["address"] == "Piazza Libertà"
    revision = client.get(f"/api/v1/events/{NEW_EVENT['slug']}/revisions/1", headers=headers)
    assert revision.status_code == 200 and "Ogni anno" in revision.get_data(as_text=True)
    assert not LIVE_MARKUP.search(revision.get_data(as_text=True))

    package = KINDS[2].new_body("pacchetto-ostile")
    package["translations"] = {
        "it": {"name": f"Prova {HOSTILE}", "summary": f"Due {IMG}tappe.", "includes": HOSTILE}
    }
    created = client.post("/api/v1/packages", json=package, headers=headers)
    assert created.status_code == 201, created.get_json()
    assert not LIVE_MARKUP.search(created.get_data(as_text=True))
    assert (created.get_json()["name"], created.get_json()["summary"]) == ("Prova", "Due tappe.")


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_a_name_that_is_only_markup_is_refused(client, tokens, kind):
    body = kind.new_body("solo-markup")
    body["translations"] = {"it": {"name": HOSTILE}}
    response = client.post(kind.path, json=body, headers=tokens["maranello"])
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert set(response.get_json()["errors"]) == {"translations.it.name"}
    assert client.get(kind.url("solo-markup"), headers=tokens["maranello"]).status_code == 404


BAD_URLS = [
    'https://ok.example/"><script>alert(1)</script>',
    'https://img.example/x.jpg"onerror="alert(1)',
    "https://img.example/x.jpg'onerror='alert(1)",
    "https://ok.example/<svg/onload=alert(1)>",
    "https://ok.example/a\\b",
    "https://ok.example/a\x01b",
    "https://ok.example/a\x1b[2Jb",
]


def _media(**item) -> list[dict]:
    return [{"url": "https://img.example/ok.jpg", **item}]


@pytest.mark.parametrize("url", BAD_URLS)
@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda url: {"contacts": {"website": url}}, "contacts.website"),
        (lambda url: {"media": _media(url=url)}, "media.0.url"),
        (lambda url: {"media": _media(licence_url=url)}, "media.0.licence_url"),
    ],
    ids=["website", "media-url", "licence-url"],
)
def test_bad_urls_are_422_naming_the_field_and_change_nothing(client, tokens, url, make, field):
    headers = tokens["maranello"]
    created = client.post("/api/v1/listings", json={**NEW, **make(url)}, headers=headers)
    assert created.status_code == 422, created.get_json()
    assert created.mimetype == "application/problem+json"
    assert set(created.get_json()["errors"]) == {field}
    assert client.get("/api/v1/listings/torre-di-prova", headers=headers).status_code == 404

    path = "/api/v1/listings/museo-ferrari-maranello"
    before = client.get(f"{path}?lang=*", headers=headers)
    patched = client.patch(
        path, json=make(url), headers={**headers, "If-Match": before.headers["ETag"]}
    )
    assert patched.status_code == 422 and set(patched.get_json()["errors"]) == {field}
    after = client.get(f"{path}?lang=*", headers=headers)
    assert after.get_json() == before.get_json()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "https://a.example/ b"])
def test_other_schemes_and_spaces_stay_refused(client, tokens, url):
    """A guard: marshmallow's own URL check already refused these, and still must."""
    body = {**NEW, "contacts": {"website": url}, "media": _media(url=url)}
    response = client.post("/api/v1/listings", json=body, headers=tokens["maranello"])
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"contacts.website", "media.0.url"}


def test_good_urls_are_kept_as_written(client, tokens):
    website = "https://www.museomaranello.ferrari.com/it-IT/visita?lang=it&from=2015#orari"
    media = _media(
        url="https://commons.wikimedia.org/wiki/File:Museo_Ferrari_(Maranello).jpg",
        licence_url="https://creativecommons.org/licenses/by-sa/4.0/",
    )
    body = {**NEW, "contacts": {"website": website}, "media": media}
    created = client.post("/api/v1/listings", json=body, headers=tokens["maranello"])
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["contacts"]["website"] == website
    assert created.get_json()["media"][0]["url"] == media[0]["url"]


def test_the_importer_drops_a_website_with_quotes():
    assert clean_website('https://ok.example/"><script>') is None
    assert (
        clean_website("https://www.comune.maranello.mo.it/")
        == "https://www.comune.maranello.mo.it/"
    )


@pytest.mark.parametrize("kind", [LISTING, EVENT, PACKAGE], ids=lambda kind: kind.entity)
def test_seeded_texts_come_through_a_save_unchanged(session, kind):
    """The cleaning leaves good data alone: writing every seeded state back changes nothing."""
    entities = list(session.scalars(select(kind.model).options(*kind.edit_options())))
    assert entities
    for entity in entities:
        before = snapshot(session, kind, entity)
        kind.write(session, entity, kind.read(session, entity), None)
        session.flush()
        assert snapshot(session, kind, entity) == before, entity.slug
