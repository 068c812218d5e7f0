"""The listing editor (/office/listings/<slug>): fields named by JSON path, saves through the
API's write schema, conflicts merged without losing input, town scope, status, history."""

from datetime import date

from sqlalchemy import select

from catalog.models import Listing, Revision
from office.views.listing_editor import tidy, week_preview
from tests.office import forms
from tests.office.forms import form_of

SLUG = "museo-ferrari-maranello"
PAGE = f"/office/listings/{SLUG}"
API = f"/api/v1/listings/{SLUG}"


def editor_form(client, url=PAGE) -> dict[str, list[str]]:
    return forms.editor_form(client, url)


def api(client, lang="en"):
    response = client.get(f"{API}?lang={lang}")
    assert response.status_code == 200
    return response.json


def listing(session) -> Listing:
    session.expire_all()
    return session.scalar(select(Listing).where(Listing.slug == SLUG))


def revisions(session) -> list[Revision]:
    found = listing(session)
    query = select(Revision).where(
        Revision.entity_type == "listing", Revision.entity_id == found.id
    )
    return list(session.scalars(query.order_by(Revision.number)))


# --- the page ------------------------------------------------------------------------------


def test_the_page_shows_every_section_with_fields_named_by_json_path(office):
    page = office("maranello").get(PAGE)
    assert page.status_code == 200
    html = page.text
    assert html.count("<h1") == 1
    assert "<h1>Museo Ferrari Maranello</h1>" in html
    for section in ("general", "location", "hours", "texts", "media"):
        assert f'id="section-{section}"' in html
    for name in (
        "kind",
        "themes[]",
        "municipality",
        "tags[]",
        "price_range",
        "access",
        "highlight",
        "contacts.website",
        "contacts.phone",
        "contacts.email",
        "location.lat",
        "location.lon",
        "location.address",
        "location.approximate",
        "opening_hours.by_appointment",
        "opening_hours.as_of",
        "opening_hours.weekly.0.days[]",
        "opening_hours.weekly.0.opens",
        "opening_hours.weekly.2.closes",  # one rule, plus two empty rows
        "opening_hours.seasons.0.from",
        "opening_hours.seasons.0.weekly.0.opens",
        "opening_hours.exceptions.1.date",
        "opening_hours.exceptions.3.closed",
        "translations.it.name",
        "translations.de.summary",
        "translations.ru.description",
        "media.0.url",
        "media.0.caption.en",
    ):
        assert f'name="{name}"' in html, name
    assert 'id="field-translations-en-summary"' in html
    assert 'id="map-picker"' in html and 'class="map"' in html
    assert '<button type="submit" name="_action" value="save" class="primary">' in html
    assert 'value="unpublish"' in html and 'value="archive"' in html
    assert 'value="publish"' not in html
    assert f'href="{PAGE}/history"' in html
    assert "The coming week as a visitor sees it" in html
    assert "vendor/leaflet/leaflet.js" not in html  # no tile server configured
    assert "map.js" in html
    assert "<script>" not in html and " style=" not in html and "onclick" not in html


def test_the_page_loads_leaflet_when_tiles_are_configured(app, office):
    app.config["DISTRETTO_TILE_URL"] = "https://{s}.tile.example.org/{z}/{x}/{y}.png"
    page = office("maranello").get(PAGE)
    assert "vendor/leaflet/leaflet.js" in page.text
    assert 'data-tiles="https://{s}.tile.example.org/{z}/{x}/{y}.png"' in page.text
    assert "https://*.tile.example.org" in page.headers["Content-Security-Policy"]


def test_texts_are_shown_beside_the_comparison_language(office):
    client = office("maranello")
    fields = editor_form(client)
    fields["translations.ja.summary"] = [""]
    assert client.post(PAGE, fields).status_code == 302
    html = client.get(PAGE).text
    japanese = html[html.index('id="language-ja"') : html.index('id="language-ru"')]
    assert 'lang="it">Il museo della Ferrari a Maranello' in japanese  # Italian beside it
    assert japanese.count('<p class="missing">missing</p>') == 1
    italian = html[html.index('id="language-it"') : html.index('id="language-en"')]
    assert 'class="compare"' not in italian  # not compared with itself

    compared = client.get(f"{PAGE}?compare=ja").text
    assert '<option value="ja" selected>' in compared
    assert (
        compared.count('<p class="missing">missing</p>') == 8
    )  # beside the others' summaries, and its own
    assert '<option value="it" selected>' in client.get(f"{PAGE}?compare=xx").text

    new = client.get("/office/listings/new").text
    assert new.count('<p class="missing">missing</p>') == 8 * 3 + 7 * 3


def test_the_unchanged_form_saves_nothing(office, session):
    client = office("maranello")
    fields = editor_form(client)
    before = len(revisions(session))
    response = client.post(PAGE, fields)
    assert response.status_code == 302, response.text
    assert len(revisions(session)) == before
    assert listing(session).version == 1


# --- saving ---------------------------------------------------------------------------------


def test_saving_a_changed_english_summary_writes_it_with_a_revision(office, client, session):
    office_client = office("maranello")
    fields = editor_form(office_client)
    fields["translations.en.summary"] = ["Ferrari's museum, changed in the office."]
    response = office_client.post(PAGE, fields)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(PAGE)
    assert api(client)["summary"] == "Ferrari's museum, changed in the office."
    latest = revisions(session)[-1]
    assert latest.author == "maranello-office@example.org"
    assert "translations.en.summary" in str(latest.changes)
    assert listing(session).version == 2
    page = office_client.get(PAGE)
    assert "Saved." in page.text
    assert "Ferrari&#39;s museum, changed in the office." in page.text


def test_an_invalid_latitude_answers_422_beside_the_field_and_keeps_the_input(
    office, client, session
):
    office_client = office("maranello")
    fields = editor_form(office_client)
    fields["location.lat"] = ["45.9"]
    fields["translations.en.summary"] = ["Typed, not saved."]
    response = office_client.post(PAGE, fields)
    assert response.status_code == 422
    html = response.text
    assert 'id="field-location-lat-error"' in html
    assert 'aria-describedby="field-location-lat-error"' in html
    assert 'value="45.9"' in html
    assert "Typed, not saved." in html
    assert 'href="#field-location-lat"' in html  # the summary at the top
    assert api(client)["summary"] != "Typed, not saved."
    assert listing(session).version == 1


def test_closing_before_opening_is_refused_beside_the_closing_time(office, session):
    office_client = office("maranello")
    fields = editor_form(office_client)
    fields["opening_hours.weekly.0.opens"] = ["18:00"]
    fields["opening_hours.weekly.0.closes"] = ["09:00"]
    response = office_client.post(PAGE, fields)
    assert response.status_code == 422
    html = response.text
    assert 'id="field-opening_hours-weekly-0-closes-error"' in html
    assert "must be later than opens" in html
    assert 'value="18:00"' in html and 'value="09:00"' in html
    assert listing(session).opening_hours["weekly"][0]["opens"] == "09:30"


def test_weekly_hours_posted_through_the_form_come_out_in_the_api(office, client):
    office_client = office("maranello")
    fields = editor_form(office_client)
    fields["opening_hours.weekly.1.days[]"] = ["sat", "sun"]
    fields["opening_hours.weekly.1.opens"] = ["20:00"]
    fields["opening_hours.weekly.1.closes"] = ["22:30"]
    assert office_client.post(PAGE, fields).status_code == 302
    weekly = api(client)["opening_hours"]["weekly"]
    assert {"days": ["sat", "sun"], "opens": "20:00", "closes": "22:30"} in weekly
    assert weekly[0]["opens"] == "09:30"
    exceptions = api(client)["opening_hours"]["exceptions"]
    assert [row["date"] for row in exceptions] == ["12-25", "01-01"]  # MM-DD kept


def test_the_week_preview_shows_the_saved_hours(office):
    office_client = office("maranello")
    fields = {
        name: values
        for name, values in editor_form(office_client).items()
        if not name.startswith("opening_hours.")
    }
    fields["opening_hours.weekly.0.days[]"] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    fields["opening_hours.weekly.0.opens"] = ["10:15"]
    fields["opening_hours.weekly.0.closes"] = ["12:45"]
    assert office_client.post(PAGE, fields).status_code == 302
    html = office_client.get(PAGE).text
    week = html[html.index('<table class="week">') : html.index("</table>", html.index("week"))]
    assert week.count("10:15–12:45") == 7


def test_empty_opening_hours_are_none(office, client):
    office_client = office("maranello")
    fields = {
        name: values
        for name, values in editor_form(office_client).items()
        if not name.startswith("opening_hours.") or name == "opening_hours.by_appointment"
    }
    fields["opening_hours.by_appointment"] = ["false"]
    assert office_client.post(PAGE, fields).status_code == 302
    assert api(client)["opening_hours"] is None


def test_week_preview_says_closed_or_by_appointment():
    monday = date(2025, 6, 2)
    hours = {
        "weekly": [{"days": ["mon"], "opens": "09:00", "closes": "24:00"}],
        "exceptions": [{"date": "2025-06-03", "closed": True}],
    }
    week = week_preview(hours, "en", monday)
    assert len(week) == 7 and week[0]["date"] == monday
    assert week[0]["ranges"] == ["09:00–24:00"] and week[0]["state"] == "open"
    assert week[1]["state"] == "closed"
    appointment = week_preview({"by_appointment": True}, "en", monday)
    assert {day["state"] for day in appointment} == {"appointment"}
    assert {day["state"] for day in week_preview(None, "en", monday)} == {"unknown"}


def test_tidy_drops_empty_hours_and_media_without_an_address():
    assert tidy({"opening_hours": {"by_appointment": "false", "as_of": "2024"}}) == {
        "opening_hours": None
    }
    kept = tidy({"opening_hours": {"by_appointment": "true"}})
    assert kept["opening_hours"] == {"by_appointment": "true"}
    hours = tidy(
        {
            "opening_hours": {
                "exceptions": [{"closed": "false"}, {"date": "12-24", "closed": "false"}],
                "seasons": [{"from": "06-01", "to": "08-31"}],
            }
        }
    )["opening_hours"]
    assert hours["exceptions"] == [{"date": "12-24", "closed": "true"}]
    assert hours["seasons"] == [{"from": "06-01", "to": "08-31", "weekly": []}]
    media = tidy({"media": [{"credit": "Someone"}, {"url": "https://example.org/a.jpg"}]})
    assert media["media"] == [{"url": "https://example.org/a.jpg"}]


# --- conflicts ------------------------------------------------------------------------------


def test_a_save_on_an_old_version_merges_and_shows_the_conflict(office, client, session):
    mine = office("maranello")
    theirs = office("admin")
    my_fields = editor_form(mine)

    their_fields = editor_form(theirs)
    their_fields["translations.en.summary"] = ["Their summary."]
    their_fields["location.address"] = ["Via Dino Ferrari 43, Maranello"]
    assert theirs.post(PAGE, their_fields).status_code == 302

    my_fields["translations.en.summary"] = ["My summary."]
    response = mine.post(PAGE, my_fields)
    assert response.status_code == 409
    html = response.text
    assert 'class="conflict" id="field-translations-en-summary-theirs"' in html
    assert '<div class="theirs">Their summary.</div>' in html
    assert ">My summary.</textarea>" in html  # mine kept in the field
    assert 'value="Via Dino Ferrari 43, Maranello"' in html  # only they changed it: taken
    assert 'name="_version" value="2"' in html
    assert "What they changed" in html
    assert listing(session).version == 2

    again = form_of(response)
    assert mine.post(PAGE, again).status_code == 302
    saved = api(client)
    assert saved["location"]["address"] == "Via Dino Ferrari 43, Maranello"
    assert saved["summary"] == "My summary."


# --- scope ----------------------------------------------------------------------------------


def test_another_towns_draft_is_not_found_and_its_published_listing_read_only(office, client):
    sassuolo = office("sassuolo")
    page = sassuolo.get(PAGE)
    assert page.status_code == 200
    html = page.text
    assert 'value="save"' not in html
    assert 'value="unpublish"' not in html and "/status" not in html
    assert "only its own office can change it" in html
    assert 'name="translations.en.summary" rows="3" lang="en" readonly' in html

    maranello = office("maranello")
    fields = editor_form(maranello)  # the whole form, as a crafted post would send it
    fields["translations.en.summary"] = ["Sassuolo writes."]
    del fields["csrf_token"]  # Sassuolo's own is added
    assert sassuolo.post(PAGE, fields).status_code == 403
    assert api(client)["summary"] != "Sassuolo writes."

    version = {"_version": "1"}
    assert maranello.post(f"{PAGE}/status", {**version, "_action": "unpublish"}).status_code == 302
    assert sassuolo.get(PAGE).status_code == 404
    assert sassuolo.get(f"{PAGE}/history").status_code == 404


def test_the_town_select_offers_only_the_towns_i_write_for(office):
    html = office("maranello").get("/office/listings/new").text
    start = html.index('name="municipality"')
    options = html[start : html.index("</select>", start)]
    assert 'value="maranello"' in options and 'value="sassuolo"' not in options


# --- status, history, new -------------------------------------------------------------------


def test_publish_unpublish_archive_restore_through_the_status_form(office, client, session):
    office_client = office("maranello")
    steps = (
        ("unpublish", "draft", "publish"),
        ("publish", "published", "unpublish"),
        ("archive", "archived", "restore"),
        ("restore", "published", "archive"),
    )
    for action, status, offered in steps:
        status_form = form_of(office_client.get(PAGE), "status-form")
        version = status_form["_version"][0]
        response = office_client.post(f"{PAGE}/status", {"_version": version, "_action": action})
        assert response.status_code == 302, action
        assert listing(session).status == status
        assert f'name="_action" value="{offered}"' in office_client.get(PAGE).text
    assert client.get(API).status_code == 200


def test_a_stale_status_action_is_refused(office, session):
    office_client = office("maranello")
    office_client.get(PAGE)
    response = office_client.post(f"{PAGE}/status", {"_version": "0", "_action": "archive"})
    assert response.status_code == 302
    assert listing(session).status == "published"
    assert "Someone changed it" in office_client.get(PAGE).text


def test_restoring_a_revision_from_the_history_page(office, client, session):
    office_client = office("maranello")
    fields = editor_form(office_client)
    original = fields["translations.en.summary"][0]
    fields["translations.en.summary"] = ["A summary to undo."]
    assert office_client.post(PAGE, fields).status_code == 302
    history = office_client.get(f"{PAGE}/history")
    assert history.status_code == 200
    assert f"{PAGE}/revisions/1/restore" in history.text
    response = office_client.post(f"{PAGE}/revisions/1/restore", {"_version": "2"})
    assert response.status_code == 302
    assert api(client)["summary"] == original
    assert revisions(session)[-1].action == "revert:1"


def test_a_new_listing_is_created_as_a_draft(office, session):
    office_client = office("maranello")
    page = office_client.get("/office/listings/new")
    assert page.status_code == 200
    html = page.text
    assert 'name="slug"' in html
    assert 'action="/office/listings/new"' in html
    assert "/status" not in html and "/history" not in html
    fields = form_of(page)
    fields.update(
        {
            "kind": ["museum"],
            "themes[]": ["motor", "heritage"],
            "municipality": ["maranello"],
            "location.lat": ["44.53"],
            "location.lon": ["10.86"],
            "translations.it.name": ["Museo di prova"],
            "tags[]": ["prova", "", ""],
        }
    )
    response = office_client.post("/office/listings/new", fields)
    assert response.status_code == 302, response.text
    assert response.headers["Location"].endswith("/office/listings/museo-di-prova")
    created = session.scalar(select(Listing).where(Listing.slug == "museo-di-prova"))
    assert created.status == "draft"
    assert created.opening_hours is None
    assert "<h1>Museo di prova</h1>" in office_client.get("/office/listings/museo-di-prova").text


def test_a_new_listing_with_problems_keeps_the_input(office):
    office_client = office("maranello")
    fields = form_of(office_client.get("/office/listings/new"))
    fields.update({"translations.en.name": ["Only English"], "slug": ["Not A Slug"]})
    response = office_client.post("/office/listings/new", fields)
    assert response.status_code == 422
    assert 'value="Only English"' in response.text
    assert 'id="field-kind-error"' in response.text
    assert 'id="field-slug-error"' in response.text
