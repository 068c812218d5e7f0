"""Every fallback is reported, in every representation; JSON-LD language-tags texts only.

Issue 13: events' recurrence notes were always English, captions fell back silently, and
JSON-LD tagged every string (URLs, dates, enumerations) with the response language.
"""

import csv
import io

import icalendar
from pyld import jsonld
from sqlalchemy import select, text, update

from catalog import freshness
from catalog.models import (
    Event,
    EventTranslation,
    Listing,
    ListingTranslation,
    Municipality,
    MunicipalityTranslation,
)

SCHEMA = "https://schema.org/"
LANGS = {"it", "en", "de", "fr", "es", "zh", "ja", "ru"}
DUCALE = "/api/v1/listings/palazzo-ducale-di-sassuolo"  # captions in it and en only
CATERINA = "/api/v1/events/fiera-di-santa-caterina"  # recurring, texts in eight languages
TEXT_PROPERTIES = {SCHEMA + name for name in ("name", "description", "caption", "addressLocality")}
IRI_PROPERTIES = {
    SCHEMA + name
    for name in ("url", "contentUrl", "dayOfWeek", "eventStatus", "eventAttendanceMode")
}
NEW_EVENT = {
    "slug": "festa-delle-note",
    "municipality": "maranello",
    "location": {"lat": 44.52974, "lon": 10.86143},
    "themes": ["motor"],
    "start": "2015-06-20",
    "end": "2015-06-20",
    "recurrence": "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=20",
    "translations": {
        "it": {"name": "Festa delle note", "recurrence_note": "Ogni anno il 20 giugno."},
        "en": {"name": "Feast of notes"},
    },
}


def _drop_texts(session, model, owner_column, slug_model, slug, langs, **values):
    """Blank the given texts (or delete the rows when no values are given) of one entity."""
    owner = session.scalar(select(slug_model.id).where(slug_model.slug == slug))
    where = (owner_column == owner, model.lang.in_(langs))
    if values:
        session.execute(update(model).where(*where).values(**values))
    else:
        session.execute(model.__table__.delete().where(*where))
    freshness.bump(session)  # as a write would: cached public reads are stale now
    session.flush()


# --- recurrence notes ----------------------------------------------------------------------


def test_the_recurrence_note_is_in_the_language_asked(client):
    german = client.get(CATERINA + "?lang=de").get_json()
    assert german["recurrence_note"].startswith("Jährlich am 25. November")
    assert german["fallbacks"] == {}
    assert client.get(CATERINA + "?lang=it").get_json()["recurrence_note"].startswith("Ogni anno")
    everything = client.get(CATERINA + "?lang=*").get_json()
    assert set(everything["recurrence_note"]) == LANGS and everything["fallbacks"] == {}


def test_a_missing_note_falls_back_and_says_so(client, session):
    _drop_texts(
        session, EventTranslation, EventTranslation.event_id, Event, "fiera-di-santa-caterina",
        ["de"], recurrence_note=None,
    )  # fmt: skip
    body = client.get(CATERINA + "?lang=de").get_json()
    english = client.get(CATERINA + "?lang=en").get_json()
    assert body["recurrence_note"] == english["recurrence_note"]
    assert body["fallbacks"] == {"recurrence_note": "en"}
    listed = client.get("/api/v1/events?from=2015-11-01&to=2015-11-30&lang=de").get_json()
    item = next(e for e in listed["items"] if e["slug"] == "fiera-di-santa-caterina")
    assert item["fallbacks"] == {"recurrence_note": "en"}


def test_editors_write_notes_per_language_and_revisions_keep_them(client, tokens):
    headers = tokens["maranello"]
    refused = client.post(
        "/api/v1/events", json={**NEW_EVENT, "recurrence_note": "Every year."}, headers=headers
    )
    assert refused.status_code == 422 and "recurrence_note" in refused.get_json()["errors"]
    created = client.post("/api/v1/events", json=NEW_EVENT, headers=headers)
    assert created.status_code == 201, created.get_json()
    url = "/api/v1/events/festa-delle-note"
    german = client.get(url + "?lang=de", headers=headers).get_json()
    assert german["recurrence_note"] == "Ogni anno il 20 giugno."
    assert german["fallbacks"] == {"name": "en", "recurrence_note": "it"}
    etag = client.get(url, headers=headers).headers["ETag"]
    patch = {"translations": {"en": {"name": "Feast of notes", "recurrence_note": "Each 20 June."}}}
    patched = client.patch(url, json=patch, headers={**headers, "If-Match": etag})
    assert patched.status_code == 200, patched.get_json()
    german = client.get(url + "?lang=de", headers=headers).get_json()
    assert german["recurrence_note"] == "Each 20 June."
    assert german["fallbacks"] == {"name": "en", "recurrence_note": "en"}
    revision = client.get(url + "/revisions/2", headers=headers).get_json()
    assert revision["changes"]["translations.en.recurrence_note"] == [None, "Each 20 June."]
    assert "recurrence_note" not in revision["snapshot"]


def test_an_old_revision_with_its_one_note_restores_it_in_english(session):
    """Revisions written before notes were translated keep the note beside the texts."""
    from catalog.events.kind import EVENT

    event = session.scalar(
        select(Event).where(Event.slug == "ludi-di-san-bartolomeo").options(*EVENT.edit_options())
    )
    state = EVENT.read(session, event)
    english_note = state["translations"]["en"]["recurrence_note"]
    for texts in state["translations"].values():
        texts.pop("recurrence_note")
    legacy = {**state, "recurrence_note": english_note}
    EVENT.write(session, event, legacy, None)
    session.flush()
    notes = {row.lang: row.recurrence_note for row in event.translations}
    assert notes == {**dict.fromkeys(notes), "en": english_note}


def test_every_seeded_note_is_in_eight_languages(session):
    rows = session.execute(
        select(Event.slug, EventTranslation.lang)
        .join(EventTranslation, EventTranslation.event_id == Event.id)
        .where(EventTranslation.recurrence_note.is_not(None))
    ).all()
    by_event: dict[str, set] = {}
    for slug, lang in rows:
        by_event.setdefault(slug, set()).add(lang)
    recurring = set(session.scalars(select(Event.slug).where(Event.recurrence.is_not(None))))
    assert set(by_event) == recurring and len(recurring) == 7
    assert all(langs == LANGS for langs in by_event.values())


# --- captions and town names ---------------------------------------------------------------


def test_a_caption_that_falls_back_is_reported(client):
    german = client.get(DUCALE + "?lang=de").get_json()
    english = client.get(DUCALE + "?lang=en").get_json()
    assert german["media"][0]["caption"] == english["media"][0]["caption"]
    assert german["fallbacks"] == {"media.0.caption": "en"}
    assert english["fallbacks"] == {}
    assert client.get(DUCALE + "?lang=it").get_json()["fallbacks"] == {}
    page = client.get("/api/v1/listings?municipality=sassuolo&limit=100&lang=de").get_json()
    item = next(i for i in page["items"] if i["slug"] == "palazzo-ducale-di-sassuolo")
    assert item["fallbacks"] == {"media.0.caption": "en"}


def test_a_town_name_that_falls_back_is_reported(client, session, rerender):
    _drop_texts(
        session, MunicipalityTranslation, MunicipalityTranslation.municipality_id, Municipality,
        "sassuolo", ["de"],
    )  # fmt: skip
    rerender()
    listing = client.get(DUCALE + "?lang=de").get_json()
    assert listing["municipality"]["name"] == "Sassuolo"
    assert listing["fallbacks"] == {"municipality.name": "en", "media.0.caption": "en"}
    events = client.get("/api/v1/events?from=2022-10-01&to=2022-10-31&lang=de").get_json()
    fair = next(e for e in events["items"] if e["slug"] == "fiere-d-ottobre")
    assert fair["fallbacks"] == {"municipality.name": "en"}
    exported = client.get("/api/v1/listings?municipality=sassuolo&format=csv&lang=de")
    rows = {
        row["slug"]: row for row in csv.DictReader(io.StringIO(exported.get_data(as_text=True)))
    }
    assert rows["palazzo-ducale-di-sassuolo"]["fallbacks"] == "municipality_name: en"


# --- GeoJSON, CSV ----------------------------------------------------------------------------


def test_geojson_features_carry_the_fallbacks(client, session):
    feature = client.get(DUCALE + "?lang=de&format=geojson").get_json()
    assert feature["properties"]["fallbacks"] == {"media.0.caption": "en"}
    collection = client.get(
        "/api/v1/listings?municipality=sassuolo&limit=100&lang=de&format=geojson"
    )
    features = {f["id"]: f for f in collection.get_json()["features"]}
    assert features["palazzo-ducale-di-sassuolo"]["properties"]["fallbacks"] == {
        "media.0.caption": "en"
    }
    _drop_texts(
        session, EventTranslation, EventTranslation.event_id, Event, "fiera-di-santa-caterina",
        ["de"], recurrence_note=None,
    )  # fmt: skip
    events = client.get("/api/v1/events?from=2015-11-01&to=2015-11-30&lang=de&format=geojson")
    fair = next(f for f in events.get_json()["features"] if f["id"] == "fiera-di-santa-caterina")
    assert fair["properties"]["fallbacks"] == {"recurrence_note": "en"}
    assert fair["properties"]["recurrence_note"].startswith("Yearly on 25 November")


def test_csv_reports_text_fallbacks(client, session):
    _drop_texts(
        session, ListingTranslation, ListingTranslation.listing_id, Listing,
        "palazzo-ducale-di-sassuolo", ["de"], summary=None, description=None,
    )  # fmt: skip
    exported = client.get("/api/v1/listings?municipality=sassuolo&format=csv&lang=de")
    rows = {
        row["slug"]: row for row in csv.DictReader(io.StringIO(exported.get_data(as_text=True)))
    }
    row = rows["palazzo-ducale-di-sassuolo"]
    assert row["fallbacks"] == "summary: en; description: en" and row["language"] == "de"


# --- iCalendar -------------------------------------------------------------------------------


def _vevents(response) -> dict[str, icalendar.Event]:
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.data)
    return {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}


def test_icalendar_texts_carry_the_language_they_are_in(client, session):
    vevent = _vevents(client.get(CATERINA + "?lang=de&format=ical"))["fiera-di-santa-caterina"]
    for prop in ("SUMMARY", "DESCRIPTION", "COMMENT"):
        assert vevent[prop].params["LANGUAGE"] == "de", prop
    assert str(vevent["COMMENT"]).startswith("Jährlich am 25. November")
    assert "LANGUAGE" not in vevent["URL"].params and "LANGUAGE" not in vevent["LOCATION"].params
    _drop_texts(
        session, EventTranslation, EventTranslation.event_id, Event, "fiera-di-santa-caterina",
        ["de"], summary=None, recurrence_note=None,
    )  # fmt: skip
    feed = client.get("/api/v1/events?from=2015-11-01&to=2015-11-30&lang=de&format=ical")
    vevent = _vevents(feed)["fiera-di-santa-caterina"]
    assert vevent["SUMMARY"].params["LANGUAGE"] == "de"
    assert vevent["DESCRIPTION"].params["LANGUAGE"] == "en"
    assert vevent["COMMENT"].params["LANGUAGE"] == "en"
    assert str(vevent["COMMENT"]).startswith("Yearly on 25 November")


def test_icalendar_with_every_language_names_the_one_it_shows(client):
    vevent = _vevents(client.get(CATERINA + "?lang=*&format=ical"))["fiera-di-santa-caterina"]
    assert vevent["SUMMARY"].params["LANGUAGE"] == "it"
    assert str(vevent["SUMMARY"]) == "Fiera di Santa Caterina"


def test_an_icalendar_location_that_is_the_town_name_is_tagged(client, tokens):
    headers = tokens["maranello"]
    assert client.post("/api/v1/events", json=NEW_EVENT, headers=headers).status_code == 201
    response = client.get("/api/v1/events/festa-delle-note?lang=ja&format=ical", headers=headers)
    vevent = _vevents(response)["festa-delle-note"]
    assert vevent["LOCATION"].params["LANGUAGE"] == "ja"  # the town's name, in Japanese
    assert vevent["SUMMARY"].params["LANGUAGE"] == "en"  # no Japanese name: English
    assert vevent["COMMENT"].params["LANGUAGE"] == "it"


# --- JSON-LD ---------------------------------------------------------------------------------


def _values(node, prop=None):
    """(property, value object) for every literal of an expanded JSON-LD document."""
    if isinstance(node, list):
        for item in node:
            yield from _values(item, prop)
    elif isinstance(node, dict):
        if "@value" in node:
            yield prop, node
            return
        for key, value in node.items():
            if not key.startswith("@"):
                yield from _values(value, key)


def _iris(node, prop):
    """The @id values of `prop` anywhere in an expanded document."""
    if isinstance(node, list):
        return [iri for item in node for iri in _iris(item, prop)]
    if not isinstance(node, dict):
        return []
    found = [v["@id"] for v in node.get(prop, []) if isinstance(v, dict) and "@id" in v]
    return found + [iri for key, value in node.items() for iri in _iris(value, prop)]


def _assert_only_texts_are_tagged(expanded, language: str | None = None) -> int:
    texts = 0
    for prop, value in _values(expanded):
        if prop in TEXT_PROPERTIES:
            assert "@language" in value, (prop, value)
            if language:
                assert value["@language"] == language, (prop, value)
            texts += 1
        else:
            assert "@language" not in value, (prop, value)
        assert prop not in IRI_PROPERTIES, (prop, value)  # those are IRIs, not strings
    return texts


def test_json_ld_tags_texts_only(client):
    body = client.get(DUCALE + "?lang=de&format=jsonld").get_json()
    assert "@language" not in body["@context"]
    expanded = jsonld.expand(body)
    for prop, value in _values(expanded):
        if prop in TEXT_PROPERTIES:
            expected = "en" if prop == SCHEMA + "caption" else "de"
            assert value["@language"] == expected, (prop, value)
        else:
            assert "@language" not in value, (prop, value)
    node = expanded[0]
    assert node[SCHEMA + "dateModified"][0].keys() == {"@value"}
    assert node[SCHEMA + "url"] == [{"@id": body["url"]}]
    image = node[SCHEMA + "image"][0]
    assert image[SCHEMA + "contentUrl"][0].keys() == {"@id"}
    assert image[SCHEMA + "caption"][0]["@language"] == "en"  # the caption fell back
    days = _iris(expanded, SCHEMA + "dayOfWeek")
    assert days and all(day.startswith(SCHEMA) for day in days)


def test_json_ld_tags_a_fallen_back_description_with_its_language(client, session, rerender):
    _drop_texts(
        session, ListingTranslation, ListingTranslation.listing_id, Listing,
        "palazzo-ducale-di-sassuolo", ["de"], summary=None, description=None,
    )  # fmt: skip
    rerender()
    english = client.get(DUCALE + "?lang=en").get_json()
    assert client.get(DUCALE + "?lang=de").get_json()["fallbacks"] == {
        "summary": "en", "description": "en", "media.0.caption": "en",
    }  # fmt: skip
    node = jsonld.expand(client.get(DUCALE + "?lang=de&format=jsonld").get_json())[0]
    assert node[SCHEMA + "description"] == [{"@value": english["summary"], "@language": "en"}]
    assert node[SCHEMA + "name"][0]["@language"] == "de"


def test_every_listing_and_event_tags_only_its_texts(client):
    listings = jsonld.expand(
        client.get("/api/v1/listings?limit=100&format=jsonld&lang=fr").get_json()
    )
    assert _assert_only_texts_are_tagged(listings) > 100
    events = client.get("/api/v1/events?from=2015-01-01&to=2015-12-31&format=jsonld&lang=ja")
    expanded = jsonld.expand(events.get_json())
    assert _assert_only_texts_are_tagged(expanded, "ja") > 20
    assert set(_iris(expanded, SCHEMA + "eventStatus")) == {SCHEMA + "EventScheduled"}
    modes = set(_iris(expanded, SCHEMA + "eventAttendanceMode"))
    assert modes == {SCHEMA + "OfflineEventAttendanceMode"}
    for prop, value in _values(expanded):
        if prop in (SCHEMA + "startDate", SCHEMA + "endDate"):
            assert value.keys() == {"@value"}


def test_json_ld_event_schedule_note_in_each_language(client):
    node = jsonld.expand(client.get(CATERINA + "?lang=*&format=jsonld").get_json())[0]
    schedule = node[SCHEMA + "eventSchedule"][0]
    notes = {value["@language"]: value["@value"] for value in schedule[SCHEMA + "description"]}
    assert set(notes) == LANGS and notes["de"].startswith("Jährlich am 25. November")
    assert {value["@language"] for value in node[SCHEMA + "name"]} == LANGS
    assert node[SCHEMA + "startDate"][0].keys() == {"@value"}


def test_json_ld_trips_tag_stop_names_with_their_language(client, session):
    package = client.get("/api/v1/packages/dal-caseificio-all-acetaia?lang=de").get_json()
    first = package["stops"][0]["listing"]["slug"]
    _drop_texts(session, ListingTranslation, ListingTranslation.listing_id, Listing, first, ["de"])
    package = client.get("/api/v1/packages/dal-caseificio-all-acetaia?lang=de").get_json()
    assert package["fallbacks"]["stops.0.listing.name"] == "en"
    body = client.get("/api/v1/packages/dal-caseificio-all-acetaia?lang=de&format=jsonld")
    expanded = jsonld.expand(body.get_json())
    _assert_only_texts_are_tagged(expanded)
    items = expanded[0][SCHEMA + "itinerary"][0][SCHEMA + "itemListElement"]
    stops = sorted(items, key=lambda item: item[SCHEMA + "position"][0]["@value"])
    names = [stop[SCHEMA + "item"][0][SCHEMA + "name"][0]["@language"] for stop in stops]
    assert names[0] == "en" and set(names[1:]) == {"de"}


def test_a_plan_reports_its_stops_fallbacks(client, session):
    query = "hub=expo-2015&date=2015-06-13&from=08:00&to=20:00&themes=motor,ceramics&lang=de"
    plan = client.get(f"/api/v1/itineraries/plan?{query}").get_json()
    assert plan["fallbacks"] == {}
    first = plan["stops"][0]["listing"]["slug"]
    _drop_texts(session, ListingTranslation, ListingTranslation.listing_id, Listing, first, ["de"])
    plan = client.get(f"/api/v1/itineraries/plan?{query}").get_json()
    assert plan["fallbacks"]["stops.0.listing.name"] == "en"
    node = jsonld.expand(client.get(f"/api/v1/itineraries/plan?{query}&format=jsonld").get_json())
    items = node[0][SCHEMA + "itinerary"][0][SCHEMA + "itemListElement"]
    first_stop = next(i for i in items if i[SCHEMA + "position"][0]["@value"] == 1)
    assert first_stop[SCHEMA + "item"][0][SCHEMA + "name"][0]["@language"] == "en"


# --- the migration ---------------------------------------------------------------------------


def test_the_migration_moves_notes_into_english_texts_and_back(tmp_path):
    from catalog import migrate
    from catalog.db import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'notes.sqlite3'}")
    migrate.upgrade(engine, "e3a1f0c6d2b4")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO municipalities (id, slug, istat_code, province, lat, lon)"
                " VALUES (1, 'sassuolo', '036040', 'MO', 44.55, 10.78)"
            )
        )
        for number, note in ((1, "Yearly."), (2, "Monthly."), (3, None)):
            connection.execute(
                text(
                    "INSERT INTO events (id, slug, status, municipality_id, lat, lon,"
                    ' location_approximate, themes, start, "end", recurrence_note, created_at,'
                    " updated_at, version) VALUES (:id, :slug, 'published', 1, 44.55, 10.78, 0,"
                    " '[]', '2020-01-01', '2020-01-01', :note, CURRENT_TIMESTAMP,"
                    " CURRENT_TIMESTAMP, 1)"
                ),
                {"id": number, "slug": f"e{number}", "note": note},
            )
        connection.execute(
            text(
                "INSERT INTO event_translations (event_id, lang, name) VALUES"
                " (1, 'it', 'Uno'), (1, 'en', 'One'), (2, 'it', 'Due'), (3, 'it', 'Tre')"
            )
        )
    rows = "SELECT event_id, lang, name, recurrence_note FROM event_translations ORDER BY 1, 2"
    migrate.upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(text(rows)).all() == [
            (1, "en", "One", "Yearly."),
            (1, "it", "Uno", None),
            (2, "en", None, "Monthly."),  # a row of its own, only for the note
            (2, "it", "Due", None),
            (3, "it", "Tre", None),
        ]
    assert migrate.pending_model_changes(engine) == []
    migrate.downgrade(engine, "e3a1f0c6d2b4")
    with engine.connect() as connection:
        notes = connection.execute(text("SELECT id, recurrence_note FROM events ORDER BY id"))
        assert notes.all() == [(1, "Yearly."), (2, "Monthly."), (3, None)]
        names = connection.execute(text("SELECT event_id, lang, name FROM event_translations"))
        assert sorted(names.all()) == [
            (1, "en", "One"),
            (1, "it", "Uno"),
            (2, "it", "Due"),
            (3, "it", "Tre"),
        ]
    engine.dispose()
