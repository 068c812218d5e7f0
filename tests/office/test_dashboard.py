"""The dashboard of an office's towns: counts by status, translation completeness per
language, and the worklists (catalog/listings/worklists.py) with their first entries, each
linked to the editor's section that fixes it. The worklists' conditions are tested here too,
in the domain, on both backends."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from sqlalchemy import JSON, func, null, select

from catalog import editable
from catalog.i18n import completeness
from catalog.i18n.languages import DEFAULT_LANGUAGES
from catalog.i18n.translation_status import complete_counts, translation_status
from catalog.listings import worklists
from catalog.listings.kind import LISTING
from catalog.listings.table import SHOWN_STATUSES
from catalog.listings.worklists import BY_CODE, WORKLISTS, Basis
from catalog.models import Listing, Municipality
from catalog.vocabularies import STATUSES
from office.labels import WORKLIST_WORDS
from tests.office import listing_factory as make

SECTIONS = {
    "no_hours": "section-hours",
    "approximate": "section-location",
    "missing_language": "section-texts",
    "media_credit": "section-media",
    "stale": "section-general",
}
HREF = re.compile(r'href="([^"]+)"')


# --- reading the page ----------------------------------------------------------------------


def status_count(html: str, status: str) -> int:
    found = re.search(rf'class="status {status}">[^<]*</span></th><td>(\d+)</td>', html)
    assert found, status
    return int(found.group(1))


def language_row(html: str, lang: str) -> tuple[int, int, str]:
    found = re.search(
        rf'<span lang="{lang}">[^<]*</span></th>\s*<td>(\d+)/(\d+)</td>\s*<td>(.*?)</td>', html
    )
    assert found, lang
    percent = re.sub(r"<[^>]+>", "", found.group(3))
    return int(found.group(1)), int(found.group(2)), percent


def worklist_card(html: str, code: str) -> str:
    found = re.search(rf'<section class="card" id="worklist-{code}".*?</section>', html, re.S)
    assert found, code
    return found.group(0)


def card_count(card: str) -> int:
    return int(re.search(r'<span class="count">\((\d+)\)</span>', card).group(1))


def entries(card: str) -> list[str]:
    """The hrefs of the entries (the "see all" link aside)."""
    return [href for href in HREF.findall(card) if "?worklist=" not in href]


def table_total(html: str) -> int:
    return int(re.search(r'<p id="listings-total" role="status">(\d+) ', html).group(1))


def town_id(session, slug: str) -> int:
    return session.scalar(select(Municipality.id).where(Municipality.slug == slug))


def published_in(session, slug: str) -> int:
    return session.scalar(
        select(func.count())
        .select_from(Listing)
        .where(Listing.status == "published", Listing.municipality_id == town_id(session, slug))
    )


# --- counts ---------------------------------------------------------------------------------


def test_counts_by_status_are_of_my_towns_only(office, session):
    sassuolo = make.actor(session, "sassuolo")
    maranello = make.actor(session, "maranello")
    make.create(session, sassuolo, "bozza-uno")
    make.create(session, sassuolo, "bozza-due")
    deleted = make.create(session, sassuolo, "bozza-cancellata")
    editable.set_status(session, LISTING, sassuolo, deleted, "delete", deleted.version)
    make.create(session, maranello, "bozza-di-maranello", town="maranello")
    make.create(session, maranello, "pubblicata-a-maranello", town="maranello", publish=True)
    session.flush()

    html = office("sassuolo").get("/office/").text
    assert status_count(html, "published") == published_in(session, "sassuolo")
    assert status_count(html, "draft") == 2
    assert status_count(html, "archived") == 1
    assert "Sassuolo" in html and "bozza-di-maranello" not in html

    admin = office("admin").get("/office/").text
    assert status_count(admin, "draft") == 3
    assert status_count(admin, "published") == session.scalar(
        select(func.count()).select_from(Listing).where(Listing.status == "published")
    )


def test_translation_completeness_is_the_translation_status_of_my_towns(office, session):
    sassuolo = make.actor(session, "sassuolo")
    make.create(
        session,
        sassuolo,
        "solo-in-due-lingue",
        translations=make.texts("Due", ("it", "en")),
        publish=True,
    )
    make.create(session, sassuolo, "bozza-non-conta", translations=make.texts("Bozza", ("it",)))
    session.flush()
    status = translation_status(session, DEFAULT_LANGUAGES, ("sassuolo",))
    html = office("sassuolo").get("/office/").text
    for lang in status.languages:
        complete, total, percent = language_row(html, lang.code)
        assert (complete, total) == (lang.complete, status.total)
        assert percent == f"{lang.complete * 100 // status.total}%"
    assert language_row(html, "it")[:2] == (status.total, status.total)
    assert language_row(html, "de")[0] == status.total - 1

    everywhere = translation_status(session, DEFAULT_LANGUAGES)
    html = office("admin").get("/office/").text
    assert [language_row(html, lang.code)[:2] for lang in everywhere.languages] == [
        (lang.complete, everywhere.total) for lang in everywhere.languages
    ]


def test_complete_counts_agree_with_the_translation_status(session):
    sassuolo = make.actor(session, "sassuolo")
    partial = make.texts("Parziale")
    partial["ja"]["description"] = ""
    partial["ru"] = {"name": "Только имя"}
    make.create(session, sassuolo, "parziale", translations=partial, publish=True)
    status = translation_status(session, DEFAULT_LANGUAGES)
    counts = complete_counts(session, DEFAULT_LANGUAGES)
    assert counts.total == status.total
    assert counts.complete == {lang.code: lang.complete for lang in status.languages}
    assert counts.complete["ja"] == counts.complete["it"] - 1
    assert counts.percent("it") == 100
    assert complete_counts(session, DEFAULT_LANGUAGES, Listing.id < 0).percent("it") is None


# --- worklists on the dashboard ---------------------------------------------------------------


def test_every_worklist_has_its_words_and_its_editor_section():
    assert [worklist.code for worklist in WORKLISTS] == list(SECTIONS)
    assert {worklist.code: worklist.section for worklist in WORKLISTS} == SECTIONS
    assert set(WORKLIST_WORDS) == set(BY_CODE)
    assert sorted(SHOWN_STATUSES) == sorted(STATUSES)


def test_the_sections_worklists_link_to_are_in_the_editor(office, session):
    sassuolo = make.actor(session, "sassuolo")
    make.create(session, sassuolo, "da-correggere", opening_hours=None)
    page = office("sassuolo").get("/office/listings/da-correggere")
    assert page.status_code == 200
    for section in SECTIONS.values():
        assert f'id="{section}"' in page.text, section


def test_each_worklist_shows_its_count_entries_linked_to_the_fix_and_a_see_all(office, session):
    sassuolo = make.actor(session, "sassuolo")
    make.create(session, sassuolo, "senza-orari", opening_hours=None)
    make.create(
        session,
        sassuolo,
        "posizione-vaga",
        location={"lat": 44.54, "lon": 10.78, "approximate": True},
    )
    make.create(
        session,
        sassuolo,
        "tradotta-a-meta",
        translations=make.texts("Metà", ("it", "en")),
        publish=True,
    )
    make.create(
        session,
        sassuolo,
        "foto-senza-credito",
        media=[{"url": "https://example.org/a.jpg", "licence": "CC BY 4.0"}],
    )
    old = make.create(session, sassuolo, "vecchia-scheda")
    old.updated_at = datetime.now(UTC) - timedelta(days=400)
    session.flush()

    client = office("sassuolo")
    html = client.get("/office/").text
    expected = {
        "no_hours": "senza-orari",
        "approximate": "posizione-vaga",
        "missing_language": "tradotta-a-meta",
        "media_credit": "foto-senza-credito",
        "stale": "vecchia-scheda",
    }
    counts = worklists.counts(session, sassuolo, Basis.of(DEFAULT_LANGUAGES))
    for code, slug in expected.items():
        card = worklist_card(html, code)
        assert card_count(card) == counts[code] >= 1
        assert f"/office/listings/{slug}#{SECTIONS[code]}" in entries(card)
        assert all(href.endswith(f"#{SECTIONS[code]}") for href in entries(card))
        assert f'href="/office/listings?worklist={code}"' in card
        # "see all" finds exactly as many as the dashboard counts
        table = client.get(f"/office/listings?worklist={code}").text
        assert table_total(table) == counts[code]
        assert f'href="/office/listings/{slug}"' in table


def test_a_worklist_shows_its_first_ten_entries_the_first_rows_of_its_table(office, session):
    sassuolo = make.actor(session, "sassuolo")
    for number in range(12):
        make.create(session, sassuolo, f"senza-orari-{number:02}", opening_hours=None)
    client = office("sassuolo")
    card = worklist_card(client.get("/office/").text, "no_hours")
    total = worklists.counts(session, sassuolo, Basis.of(DEFAULT_LANGUAGES))["no_hours"]
    assert card_count(card) == total >= 12
    shown = [href.split("#")[0] for href in entries(card)]
    assert len(shown) == 10
    table = client.get("/office/listings?worklist=no_hours").text
    rows = re.findall(r'<th scope="row">\s*<a href="([^"]+)"', table)
    assert rows[:10] == shown and len(rows) == total


def test_an_empty_worklist_says_so(office):
    card = worklist_card(office("sassuolo").get("/office/").text, "media_credit")
    assert card_count(card) == 0 and entries(card) == []
    assert "?worklist=" not in card


def test_a_sassuolo_editor_never_sees_a_maranello_draft_on_the_dashboard(office, session):
    maranello = make.actor(session, "maranello")
    make.create(
        session,
        maranello,
        "bozza-segreta",
        "Bozza segreta di Maranello",
        town="maranello",
        opening_hours=None,
    )
    html = office("sassuolo").get("/office/").text
    assert "bozza-segreta" not in html and "Bozza segreta" not in html
    assert "bozza-segreta#section-hours" in office("maranello").get("/office/").text


def test_the_dashboard_reads_in_a_fixed_number_of_statements(office, session, count_queries):
    client = office("admin")
    client.get("/office/")
    with count_queries() as before:
        client.get("/office/")
    sassuolo = make.actor(session, "sassuolo")
    for number in range(15):
        make.create(
            session,
            sassuolo,
            f"problema-{number:02}",
            opening_hours=None,
            location={"lat": 44.54, "lon": 10.78, "approximate": True},
        )
    with count_queries() as after:
        response = client.get("/office/")
    assert response.status_code == 200
    assert after.value == before.value <= 12, after.statements


# --- the worklists' conditions, in the domain -------------------------------------------------


@pytest.fixture
def basis():
    return Basis.of(DEFAULT_LANGUAGES)


def on(session, actor, basis, code: str) -> set[str]:
    query = select(Listing.slug).where(BY_CODE[code].where(actor, basis))
    return set(session.scalars(query))


def test_no_hours_is_none_stored_or_hours_that_say_nothing(session, basis):
    sassuolo = make.actor(session, "sassuolo")
    cases = {
        "sql-null": None,
        "json-null": None,
        "all-empty": {"by_appointment": False, "weekly": [], "seasons": [], "exceptions": []},
        "empty-object": {},
        "by-appointment": {"by_appointment": True, "weekly": [], "seasons": [], "exceptions": []},
        "weekly": make.HOURS,
        "only-seasons": {
            "weekly": [],
            "seasons": [{"start": "03-01", "end": "10-31", "weekly": make.HOURS["weekly"]}],
        },
        "only-exceptions": {"exceptions": [{"date": "12-25", "closed": True}]},
    }
    made = {
        slug: make.create(session, sassuolo, slug, opening_hours=hours)
        for slug, hours in cases.items()
    }
    made["sql-null"].opening_hours = null()
    made["json-null"].opening_hours = JSON.NULL
    session.flush()
    stored_null = dict(
        session.execute(
            select(Listing.slug, Listing.opening_hours.is_(None)).where(
                Listing.slug.in_(["sql-null", "json-null"])
            )
        ).all()
    )
    assert stored_null == {"sql-null": True, "json-null": False}
    found = on(session, sassuolo, basis, "no_hours") & set(cases)
    assert found == {"sql-null", "json-null", "all-empty", "empty-object"}


def test_approximate_media_credit_and_stale(session, basis):
    sassuolo = make.actor(session, "sassuolo")
    make.create(session, sassuolo, "vaga", location={"lat": 44.5, "lon": 10.7, "approximate": True})
    make.create(session, sassuolo, "esatta")
    image = {"url": "https://example.org/a.jpg", "credit": "Foto Rossi", "licence": "CC BY 4.0"}
    make.create(session, sassuolo, "in-regola", media=[image])
    make.create(session, sassuolo, "senza-licenza", media=[image, {**image, "licence": ""}])
    make.create(session, sassuolo, "senza-credito", media=[{**image, "credit": None}])
    ours = {"vaga", "esatta", "in-regola", "senza-licenza", "senza-credito"}

    assert on(session, sassuolo, basis, "approximate") & ours == {"vaga"}
    assert on(session, sassuolo, basis, "media_credit") & ours == {"senza-licenza", "senza-credito"}
    assert on(session, sassuolo, basis, "stale") & ours == set()
    a_year_on = Basis.of(DEFAULT_LANGUAGES, basis.now + relativedelta(years=1, days=1))
    assert on(session, sassuolo, a_year_on, "stale") & ours == ours
    almost = Basis.of(DEFAULT_LANGUAGES, basis.now + relativedelta(years=1) - timedelta(hours=1))
    assert on(session, sassuolo, almost, "stale") & ours == set()


def test_missing_language_is_what_the_translation_status_calls_missing(session, basis):
    sassuolo = make.actor(session, "sassuolo")
    partial = make.texts("Parziale")
    partial["ja"]["summary"] = ""
    make.create(session, sassuolo, "parziale", translations=partial, publish=True)
    make.create(session, sassuolo, "completa", publish=True)
    make.create(session, sassuolo, "bozza-parziale", translations=make.texts("B", ("it",)))
    assert on(session, sassuolo, basis, "missing_language") & {
        "parziale",
        "completa",
        "bozza-parziale",
    } == {"parziale"}
    status = translation_status(session, DEFAULT_LANGUAGES, ("sassuolo",))
    missing = {item["slug"] for lang in status.languages for item in lang.missing}
    assert on(session, sassuolo, basis, "missing_language") == missing
    only_italian = Basis.of(("it",), basis.now)
    assert "parziale" not in on(session, sassuolo, only_italian, "missing_language")


def test_worklists_hold_only_what_the_actor_covers_and_nothing_deleted(session, basis):
    sassuolo = make.actor(session, "sassuolo")
    maranello = make.actor(session, "maranello")
    admin = make.actor(session, "admin")
    make.create(
        session, maranello, "di-maranello", town="maranello", opening_hours=None, publish=True
    )
    gone = make.create(session, sassuolo, "cancellata", opening_hours=None)
    editable.set_status(session, LISTING, sassuolo, gone, "delete", gone.version)
    assert "di-maranello" not in on(session, sassuolo, basis, "no_hours")
    assert "di-maranello" in on(session, maranello, basis, "no_hours")
    assert "di-maranello" in on(session, admin, basis, "no_hours")
    assert "cancellata" not in on(session, admin, basis, "no_hours")
    counts = worklists.counts(session, admin, basis)
    assert counts == {code: len(on(session, admin, basis, code)) for code in BY_CODE}
    covered = worklists.counts(session, sassuolo, basis)
    assert covered == {code: len(on(session, sassuolo, basis, code)) for code in BY_CODE}
    seeded = session.scalars(
        select(Listing.slug).where(
            Listing.municipality_id == town_id(session, "sassuolo"),
            Listing.opening_hours.is_(None),
            Listing.status == "published",
        )
    )
    assert set(seeded) <= on(session, sassuolo, basis, "no_hours")


def test_complete_languages_are_derived_at_every_change(session):
    for lang in DEFAULT_LANGUAGES:  # the seeds (and the migration's backfill) agree with the texts
        disagree = select(func.count()).where(
            completeness.recorded_complete_in(lang) != completeness.complete_in(lang)
        )
        assert session.scalar(disagree.select_from(Listing)) == 0, lang
    sassuolo = make.actor(session, "sassuolo")
    listing = make.create(session, sassuolo, "a-meta", translations=make.texts("A", ("it", "en")))
    assert listing.complete_languages == ",en,it,"
    texts = make.texts("A", ("it", "en", "de"))
    make.update(session, sassuolo, listing, translations={**texts, "de": {"name": "A (de)"}})
    assert listing.complete_languages == ",en,it,"
    make.update(session, sassuolo, listing, translations=texts)
    assert listing.complete_languages == ",de,en,it,"
    make.update(
        session, sassuolo, listing, translations={**texts, "en": {**texts["en"], "summary": ""}}
    )
    assert listing.complete_languages == ",de,it,"
    stored = session.scalar(select(Listing.complete_languages).where(Listing.slug == "a-meta"))
    assert stored == ",de,it,"
