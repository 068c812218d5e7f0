"""The table of listings: names in the office language, search, filters, paging, scope (other
towns' drafts never shown, their published listings read-only), and a fixed number of
statements whatever the page."""

import re
from html import unescape

import pytest
from sqlalchemy import func, select

from catalog.listings.table import PAGE_SIZE
from catalog.models import Listing, Municipality
from tests.office import listing_factory as make

ROW = re.compile(
    r"<tr( class=\"read-only\")?>\s*<th scope=\"row\">\s*<a href=\"([^\"]+)\">([^<]*)</a>"
)


def rows(html: str) -> list[tuple[str, str, bool]]:
    """(slug, name, read_only) of each row, in order."""
    return [
        (href.removeprefix("/office/listings/"), unescape(name), bool(read_only))
        for read_only, href, name in ROW.findall(html)
    ]


def slugs(html: str) -> list[str]:
    return [slug for slug, _, _ in rows(html)]


def total(html: str) -> int:
    """The total the page states (in either office language: "12 listings", "12 schede")."""
    return int(re.search(r'<p id="listings-total" role="status">(\d+) ', html).group(1))


def link(html: str, rel: str) -> str | None:
    found = re.search(rf'<a href="([^"]+)" rel="{rel}">', html)
    return unescape(found.group(1)) if found else None


def count(session, *where) -> int:
    return session.scalar(select(func.count()).select_from(Listing).where(*where))


def town(session, slug: str) -> int:
    return session.scalar(select(Municipality.id).where(Municipality.slug == slug))


@pytest.fixture
def drafts(session):
    """Two drafts in Sassuolo and one in Maranello, all with a word no seed has."""
    sassuolo = make.actor(session, "sassuolo")
    maranello = make.actor(session, "maranello")
    make.create(session, sassuolo, "bozza-zafferano-sassuolo", "Bozza zafferano di Sassuolo")
    make.create(
        session,
        sassuolo,
        "museo-zafferano",
        "Museo dello zafferano",
        kind="museum",
        themes=["food_and_wine"],
    )
    make.create(
        session,
        maranello,
        "bozza-zafferano-maranello",
        "Bozza zafferano di Maranello",
        town="maranello",
    )
    session.flush()


# --- what a row shows -----------------------------------------------------------------------


def test_rows_show_name_town_kind_status_and_updated_with_links_to_the_editor(office, drafts):
    client = office("sassuolo")
    client.language = "it"
    html = client.get("/office/listings?q=zafferano").text
    assert '<a href="/office/listings/museo-zafferano">Museo dello zafferano</a>' in html
    row = html[html.index("/office/listings/museo-zafferano") :].split("</tr>")[0]
    assert "<td>Sassuolo</td>" in row and "<td>Museo</td>" in row
    assert 'class="status draft"' in row and "<time datetime=" in row
    for name in ("q", "town", "kind", "theme", "status", "worklist"):
        assert (
            f'<label for="filter-{name}">' in html and f'id="filter-{name}" name="{name}"' in html
        )
    assert '<option value="maranello">Maranello</option>' in html
    assert ">Comune</label>" in html  # Italian, the office's default
    assert '<option value="no_hours">Nessun orario di apertura</option>' in html


def test_names_are_in_the_office_language_falling_back_to_italian(office, session):
    sassuolo = make.actor(session, "sassuolo")
    make.create(session, sassuolo, "tradotta", "Torre tradotta")
    make.create(
        session,
        sassuolo,
        "solo-italiano",
        "Torre solo italiana",
        translations=make.texts("Torre solo italiana", ("it",)),
    )
    client = office("sassuolo")
    client.language = "it"
    italian = dict(
        (slug, name) for slug, name, _ in rows(client.get("/office/listings?q=torre").text)
    )
    assert italian["tradotta"] == "Torre tradotta"
    client.post("/office/language", {"language": "en", "next": "/office/listings"})
    english = {slug: name for slug, name, _ in rows(client.get("/office/listings?q=torre").text)}
    assert english["tradotta"] == "Torre tradotta (en)"
    assert english["solo-italiano"] == "Torre solo italiana"
    in_english = client.get("/office/listings?q=torre").text
    assert "<td>Heritage site</td>" in in_english and ">Town</label>" in in_english
    assert '<option value="no_hours">No opening hours</option>' in in_english


# --- scope ------------------------------------------------------------------------------------


def test_a_sassuolo_editor_never_sees_a_maranello_draft(office, session, drafts):
    client = office("sassuolo")
    for query in (
        "",
        "?q=zafferano",
        "?status=draft",
        "?town=maranello",
        "?town=maranello&status=draft",
        "?worklist=no_hours",
        "?q=maranello",
    ):
        html = client.get(f"/office/listings{query}").text
        assert "bozza-zafferano-maranello" not in html, query
    assert slugs(client.get("/office/listings?status=draft").text) == [
        "bozza-zafferano-sassuolo",
        "museo-zafferano",
    ]
    assert total(client.get("/office/listings?town=maranello&status=draft").text) == 0
    assert total(client.get("/office/listings?q=zafferano").text) == 2
    maranello = client.get("/office/listings?town=maranello").text
    maranello_id = town(session, "maranello")
    assert total(maranello) == count(
        session, Listing.status == "published", Listing.municipality_id == maranello_id
    )

    assert (
        "bozza-zafferano-maranello" in office("maranello").get("/office/listings?q=zafferano").text
    )
    assert total(office("admin").get("/office/listings?q=zafferano").text) == 3


def test_other_towns_published_listings_are_shown_read_only(office, drafts):
    client = office("sassuolo")
    html = client.get("/office/listings?q=ferrari").text
    found = rows(html)
    assert found and all(read_only for _, _, read_only in found)  # all in Maranello
    assert 'class="status read-only"' in html
    own = rows(client.get("/office/listings?town=sassuolo").text)
    assert own and not any(read_only for _, _, read_only in own)
    assert not any(
        read_only for _, _, read_only in rows(office("admin").get("/office/listings").text)
    )


# --- filters ----------------------------------------------------------------------------------


def test_filters_by_town_kind_theme_and_status(office, session, drafts):
    client = office("sassuolo")
    sassuolo = town(session, "sassuolo")
    html = client.get("/office/listings?town=sassuolo").text
    assert total(html) == count(session, Listing.municipality_id == sassuolo)
    museums = client.get("/office/listings?kind=museum").text
    assert "museo-zafferano" in slugs(museums)
    assert total(museums) == count(
        session,
        Listing.kind == "museum",
        (Listing.status == "published") | (Listing.municipality_id == sassuolo),
    )
    assert '<option value="museum" selected>' in museums
    food = slugs(client.get("/office/listings?theme=food_and_wine&q=zafferano").text)
    assert food == ["museo-zafferano"]
    assert slugs(client.get("/office/listings?theme=heritage&q=zafferano").text) == [
        "bozza-zafferano-sassuolo"
    ]
    drafts_here = client.get("/office/listings?status=draft&town=sassuolo&kind=heritage").text
    assert slugs(drafts_here) == ["bozza-zafferano-sassuolo"]
    published = client.get("/office/listings?status=published").text
    assert total(published) == count(session, Listing.status == "published")


def test_filter_by_worklist_holds_my_towns_only(office, session, drafts):
    sassuolo = make.actor(session, "sassuolo")
    make.create(session, sassuolo, "zafferano-senza-orari", opening_hours=None)
    html = office("sassuolo").get("/office/listings?worklist=no_hours").text
    assert "zafferano-senza-orari" in slugs(html)
    assert not any(read_only for _, _, read_only in rows(html))
    assert '<option value="no_hours" selected>' in html


def test_search_narrows_the_table_by_words_of_any_language_in_name_order(office, session):
    client = office("sassuolo")
    html = client.get("/office/listings?q=museo+ferrari").text
    assert "museo-ferrari-maranello" in slugs(html)
    assert 0 < total(html) < total(client.get("/office/listings?q=museo").text)
    everything, url = [], "/office/listings"
    while url:
        page = client.get(url).text
        everything, url = everything + slugs(page), link(page, "next")
    assert slugs(html) == [slug for slug in everything if slug in slugs(html)]  # the same order
    assert '<input id="filter-q" name="q" type="search" value="museo ferrari"' in html
    in_english = client.get("/office/listings?q=museum+ferrari").text  # the English texts
    assert "museo-ferrari-maranello" in slugs(in_english)


@pytest.mark.parametrize(
    "query, field",
    [
        ("kind=castle", "kind"),
        ("theme=nope", "theme"),
        ("status=gone", "status"),
        ("worklist=everything", "worklist"),
        ("town=bologna", "town"),
        ("q=%21%21%21", "q"),
        ("page=0", "page"),
        ("page=x", "page"),
        ("page=99999999999999", "page"),
    ],
)
def test_an_unknown_filter_is_said_not_ignored(office, query, field):
    response = office("sassuolo").get(f"/office/listings?{query}")
    assert response.status_code == 400
    assert 'role="alert"' in response.text
    if field != "page":
        assert f'id="{field}-problem"' in response.text
        assert 'aria-invalid="true"' in response.text


# --- paging -------------------------------------------------------------------------------------


def test_pages_of_fifty_with_links_that_keep_the_filters(office, session):
    client = office("admin")
    everything = count(session)
    assert everything > PAGE_SIZE  # the seeds are enough for two pages
    first = client.get("/office/listings").text
    assert total(first) == everything and len(rows(first)) == PAGE_SIZE
    assert link(first, "prev") is None
    assert link(first, "next") == "/office/listings?page=2"
    second = client.get("/office/listings?page=2").text
    assert len(rows(second)) == everything - PAGE_SIZE
    assert link(second, "prev") == "/office/listings" and link(second, "next") is None
    assert not set(slugs(first)) & set(slugs(second))
    in_order = sorted(slugs(first) + slugs(second))
    assert in_order == sorted(session.scalars(select(Listing.slug)))

    filtered = client.get("/office/listings?status=published&q=&kind=").text
    assert link(filtered, "next") == "/office/listings?status=published&page=2"
    back = client.get(link(filtered, "next")).text
    assert link(back, "prev") == "/office/listings?status=published"
    beyond = client.get("/office/listings?status=published&page=9")
    assert beyond.status_code == 200 and rows(beyond.text) == []
    assert link(beyond.text, "prev") == "/office/listings?status=published&page=2"


def test_a_page_is_one_paged_query_and_one_count_whatever_its_size(office, count_queries, drafts):
    client = office("sassuolo")
    client.get("/office/listings")
    measured = {}
    for name, query in (
        ("full page", "/office/listings"),
        ("one row", "/office/listings?q=museo+zafferano"),
        ("no row", "/office/listings?town=maranello&status=draft"),
        ("worklist", "/office/listings?worklist=missing_language&kind=heritage"),
    ):
        with count_queries() as counted:
            response = client.get(query)
        assert response.status_code == 200
        on_listings = [s for s in counted.statements if re.search(r"\bFROM listings\b", s)]
        assert len(on_listings) == 2, (name, on_listings)
        measured[name] = counted.value
    assert len(rows(client.get("/office/listings").text)) == PAGE_SIZE
    assert set(measured.values()) == {measured["full page"]}, measured
    # the session (token, account), the towns for the filters, the count and the rows
    assert measured["full page"] == 7, measured
