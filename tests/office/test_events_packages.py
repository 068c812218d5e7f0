"""The events and packages pages of the office: tables in the actor's scope, the editors
(fields by JSON path, saved through the API's write schemas), the recurrence builder, the
ordered stops with their legs, refusals beside the field, and the status form."""

import re
from datetime import date, datetime

from dateutil.rrule import rrulestr
from sqlalchemy import select

from catalog.models import Event, Package
from office.rules import RuleBuilder, chosen_rule, in_words
from office.views.packages import moved
from tests.office.forms import editor_form, form_of

FIERE = "fiere-d-ottobre"  # Sassuolo, published, FREQ=YEARLY;BYMONTH=10;BYDAY=SA,SU
PACKAGE = "motor-valley-e-ceramica-in-un-giorno"  # Maranello and Fiorano: the district's
PACKAGE_STOPS = [
    "museo-ferrari-maranello",
    "rotonda-del-cavallino-ferrari",
    "galleria-del-vento-ferrari",
    "circuito-di-fiorano",
    "museo-della-ceramica-di-fiorano",
]


def in_english(client):
    client.post("/office/language", {"language": "en", "next": "/office/"})


def new_maranello_draft(client, slug="festa-di-prova-maranello") -> str:
    form = editor_form(client, "/office/events/new")
    form.update(
        {
            "slug": [slug],
            "municipality": ["maranello"],
            "start": ["2030-05-10"],
            "end": ["2030-05-11"],
            "location.lat": ["44.5257"],
            "location.lon": ["10.8664"],
            "translations.it.name": ["Festa di prova"],
        }
    )
    response = client.post("/office/events/new", form)
    assert response.status_code == 302, response.text
    assert response.headers["Location"].endswith(f"/office/events/{slug}")
    return slug


# --- tables ---------------------------------------------------------------------------------


def test_the_events_table_shows_what_the_actor_may_see(office):
    maranello, sassuolo, admin = office("maranello"), office("sassuolo"), office("admin")
    slug = new_maranello_draft(maranello)

    mine = maranello.get("/office/events")
    assert mine.status_code == 200
    assert f'href="/office/events/{slug}"' in mine.text
    assert f'href="/office/events/{FIERE}"' in mine.text  # another town's, published
    assert "<caption>" in mine.text and 'scope="col"' in mine.text

    theirs = sassuolo.get("/office/events")
    assert f"/office/events/{slug}" not in theirs.text
    assert f'href="/office/events/{FIERE}"' in theirs.text
    assert sassuolo.get(f"/office/events/{slug}").status_code == 404

    assert f'href="/office/events/{slug}"' in admin.get("/office/events").text
    drafts = maranello.get("/office/events?status=draft")
    assert f'href="/office/events/{slug}"' in drafts.text
    assert f"/office/events/{FIERE}" not in drafts.text


def test_the_packages_table_lists_and_pages(office, session):
    sassuolo = office("sassuolo")
    page = sassuolo.get("/office/packages")
    assert page.status_code == 200
    published = session.scalars(select(Package.slug).where(Package.status == "published")).all()
    assert published and all(f'href="/office/packages/{slug}"' in page.text for slug in published)
    filtered = sassuolo.get("/office/packages?town=scandiano")
    assert 'href="/office/packages/scandiano-boiardo-spallanzani-spergola"' in filtered.text
    assert f"/office/packages/{PACKAGE}" not in filtered.text


# --- the event editor -----------------------------------------------------------------------


def test_an_edited_english_name_reaches_the_api(office, client):
    sassuolo = office("sassuolo")
    url = f"/office/events/{FIERE}"
    form = editor_form(sassuolo, url)
    assert form["translations.en.name"] == ["Fiere d'Ottobre (October Fairs)"]
    form["translations.en.name"] = ["The October Fairs of Sassuolo"]
    response = sassuolo.post(url, form)
    assert response.status_code == 302, response.text
    shown = client.get(f"/api/v1/events/{FIERE}?lang=en")
    assert shown.status_code == 200
    assert shown.json["name"] == "The October Fairs of Sassuolo"
    assert shown.json["recurrence"] == "FREQ=YEARLY;BYMONTH=10;BYDAY=SA,SU"  # kept as it was


def test_another_towns_published_event_is_read_only(office):
    page = office("maranello").get(f"/office/events/{FIERE}")
    assert page.status_code == 200
    assert 'value="save"' not in page.text and 'value="publish"' not in page.text
    assert "readonly" in page.text


def test_the_recurrence_builder_writes_the_rule_and_says_it(office, session):
    sassuolo = office("sassuolo")
    in_english(sassuolo)
    url = f"/office/events/{FIERE}"
    page = sassuolo.get(url)
    form = form_of(page)
    # The page reads the rule into the builder.
    assert form["_rule_freq"] == ["YEARLY"] and form["_rule_bymonth[]"] == ["10"]
    assert form["_rule_byday[]"] == ["SA", "SU"]
    assert "Every year, in October, on Saturday and Sunday." in page.text

    form.update(
        {
            "_rule_freq": ["MONTHLY"],
            "_rule_ordinal": ["1"],
            "_rule_byday[]": ["SU"],
            "_rule_bymonth[]": [],
            "_rule_count": ["500"],
        }
    )
    response = sassuolo.post(url, form)
    assert response.status_code == 302, response.text
    event = session.scalar(select(Event).where(Event.slug == FIERE))
    session.refresh(event)
    assert event.recurrence == "FREQ=MONTHLY;BYDAY=1SU;COUNT=500"

    page = sassuolo.get(url)
    assert "Every month, on the first Sunday, 500 times in all." in page.text
    listed = re.search(r'<ol class="upcoming">(.*?)</ol>', page.text, re.S).group(1)
    shown = re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)">', listed)
    rule = rrulestr(event.recurrence, dtstart=datetime.combine(event.start, datetime.min.time()))
    today = datetime.combine(date.today(), datetime.min.time())
    expected = [moment.date().isoformat() for moment in rule.xafter(today, count=5, inc=True)]
    assert shown == expected


def test_the_raw_rule_is_kept_when_only_it_was_changed(office, session):
    sassuolo = office("sassuolo")
    url = f"/office/events/{FIERE}"
    form = editor_form(sassuolo, url)
    form["recurrence"] = ["FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=1,2"]
    assert sassuolo.post(url, form).status_code == 302
    event = session.scalar(select(Event).where(Event.slug == FIERE))
    session.refresh(event)
    assert event.recurrence == "FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=1,2"


def test_the_builder_can_stop_the_repetition(office, session):
    sassuolo = office("sassuolo")
    url = f"/office/events/{FIERE}"
    form = editor_form(sassuolo, url)
    form["_rule_freq"] = ["none"]
    assert sassuolo.post(url, form).status_code == 302
    event = session.scalar(select(Event).where(Event.slug == FIERE))
    session.refresh(event)
    assert event.recurrence is None


def test_an_invalid_value_is_refused_beside_its_field(office):
    sassuolo = office("sassuolo")
    url = f"/office/events/{FIERE}"
    form = editor_form(sassuolo, url)
    response = sassuolo.post(url, {**form, "location.lat": ["99"]})
    assert response.status_code == 422
    assert re.search(r'<p class="problem" id="field-location-lat-error">[^<]+</p>', response.text)
    assert 'aria-describedby="field-location-lat-error"' in response.text
    assert form_of(response)["location.lat"] == ["99"]  # what was typed is shown again

    response = sassuolo.post(url, {**form, "_rule_interval": ["99"]})
    assert response.status_code == 422
    assert re.search(r'<p class="problem" id="field-recurrence-error">INTERVAL', response.text)
    assert form_of(response)["_rule_interval"] == ["99"]  # the builder as it was sent


def test_publishing_through_the_status_form(office, client):
    maranello = office("maranello")
    slug = new_maranello_draft(maranello)
    assert client.get(f"/api/v1/events/{slug}").status_code == 404
    page = maranello.get(f"/office/events/{slug}")
    status = form_of(page, "status-form")
    assert (
        status["_version"] and '<button type="submit" name="_action" value="publish"' in page.text
    )
    response = maranello.post(f"/office/events/{slug}/status", {**status, "_action": "publish"})
    assert response.status_code == 302
    assert client.get(f"/api/v1/events/{slug}").status_code == 200
    assert 'value="unpublish"' in maranello.get(f"/office/events/{slug}").text


# --- the package editor ---------------------------------------------------------------------


def selected_stops(page) -> list[str]:
    return [slug for slug in form_of(page)["stops[]"] if slug]


def test_stops_move_without_saving_then_save_with_their_legs(office, client, session, tokens):
    admin = office("admin")
    url = f"/office/packages/{PACKAGE}"
    page = admin.get(url)
    assert selected_stops(page) == PACKAGE_STOPS
    assert len(form_of(page)["stops[]"]) == len(PACKAGE_STOPS) + 2  # two empty to add stops
    assert 'name="_move" value="0:down"' in page.text and 'value="0:up"' not in page.text
    # The editors' view, as the API gives it to them: every stop, those seen from outside too.
    api = client.get(f"/api/v1/packages/{PACKAGE}", headers=tokens["admin"]).json
    assert f'class="total-km" value="{api["total_distance_km"]}"' in page.text

    form = form_of(page)
    moved_page = admin.post(f"{url}/reorder", {**form, "_move": "0:down"})
    assert moved_page.status_code == 200
    reordered = [PACKAGE_STOPS[1], PACKAGE_STOPS[0], *PACKAGE_STOPS[2:]]
    assert selected_stops(moved_page) == reordered
    assert 'class="flash info"' in moved_page.text
    package = session.scalar(select(Package).where(Package.slug == PACKAGE))
    version = package.version
    session.refresh(package)
    assert package.version == version  # nothing saved

    up = admin.post(f"{url}/reorder", {**form_of(moved_page), "_move": "4:up"})
    assert selected_stops(up) == [*reordered[:3], reordered[4], reordered[3]]

    saved = admin.post(url, form_of(moved_page))
    assert saved.status_code == 302, saved.text
    api = client.get(f"/api/v1/packages/{PACKAGE}", headers=tokens["admin"]).json
    assert [stop["listing"]["slug"] for stop in api["stops"]] == reordered
    page = admin.get(url)
    assert f'class="total-km" value="{api["total_distance_km"]}"' in page.text
    legs = re.findall(r'<data value="([0-9.]+)">', page.text)
    expected = [stop["distance_from_previous_km"] for stop in api["stops"][1:]]
    assert [float(leg) for leg in legs] == expected


def test_a_package_with_one_stop_is_refused_beside_the_stops(office):
    admin = office("admin")
    url = f"/office/packages/{PACKAGE}"
    form = editor_form(admin, url)
    form["stops[]"] = [PACKAGE_STOPS[0], "", ""]
    response = admin.post(url, form)
    assert response.status_code == 422
    assert re.search(r'<p class="problem" id="field-stops-error">[^<]+</p>', response.text)


def test_a_stop_only_one_town_covers_makes_the_package_read_only(office):
    page = office("maranello").get(f"/office/packages/{PACKAGE}")
    assert page.status_code == 200
    assert 'name="_move"' not in page.text and 'value="save"' not in page.text


# --- the builder's small parts ---------------------------------------------------------------


def test_rules_read_into_the_builder_and_back():
    for rule in (
        "FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=8",
        "FREQ=YEARLY;BYMONTH=10;BYDAY=SA,SU",
        "FREQ=YEARLY;BYMONTH=9;BYDAY=-1SU",
        "FREQ=WEEKLY;BYDAY=WE,FR;UNTIL=20151031",
        "FREQ=DAILY;INTERVAL=2;COUNT=10",
    ):
        assert RuleBuilder.from_rule(rule).rule() == rule
    assert RuleBuilder.from_rule("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1").freq == "custom"
    assert RuleBuilder.from_rule("").freq == "none"


def test_the_builder_wins_unless_only_the_raw_rule_changed():
    shown = "FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=8"
    fields = {"_rule_freq": "YEARLY", "_rule_bymonth": ["9"], "_rule_bymonthday": "8"}
    fields["_rule_shown"] = shown
    assert chosen_rule(fields, shown) == shown
    assert chosen_rule(fields, "FREQ=DAILY") == "FREQ=DAILY"
    assert chosen_rule({**fields, "_rule_bymonthday": "9"}, "FREQ=DAILY").endswith("BYMONTHDAY=9")
    assert chosen_rule({**fields, "_rule_freq": "custom"}, "FREQ=DAILY") == "FREQ=DAILY"
    assert chosen_rule({}, "FREQ=DAILY") == "FREQ=DAILY"  # no builder posted


def test_rules_in_words(app):
    from flask import g

    with app.test_request_context():
        g.lang = "en"
        assert in_words("FREQ=YEARLY;BYMONTH=9;BYDAY=-1SU", "en") == (
            "Every year, in September, on the last Sunday."
        )
        assert in_words("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE,FR;UNTIL=20151031", "en") == (
            "Every 2 weeks, on Wednesday and Friday, until October 31, 2015."
        )
        assert "settembre" in in_words("FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=8", "it")


def test_a_move_swaps_neighbours_and_drops_blanks():
    assert moved(["a", "b", "", "c", ""], "1:down") == ["a", "b", "c"]  # past a blank row
    assert moved(["a", "b", "c", ""], "0:down") == ["b", "a", "c"]
    assert moved(["a", "b", "c", ""], "2:up") == ["a", "c", "b"]
    assert moved(["a", "b"], "0:up") == ["a", "b"]
    assert moved(["a", "b"], "x:down") == ["a", "b"]


def test_a_new_package_is_arranged_then_created_as_a_draft(office, session):
    maranello = office("maranello")
    form = editor_form(maranello, "/office/packages/new")
    assert form["stops[]"] == ["", ""]  # two empty stops to start with
    stops = ["museo-ferrari-maranello", "acetaia-comunale-di-maranello"]
    form.update(
        {
            "slug": ["giro-di-prova"],
            "stops[]": [*stops, ""],
            "duration_hours": ["3"],
            "translations.it.name": ["Giro di prova"],
        }
    )
    arranged = maranello.post("/office/packages/new/reorder", {**form, "_move": "1:up"})
    assert arranged.status_code == 200
    assert selected_stops(arranged) == stops[::-1]
    assert session.scalar(select(Package).where(Package.slug == "giro-di-prova")) is None

    created = maranello.post("/office/packages/new", form_of(arranged))
    assert created.status_code == 302, created.text
    package = session.scalar(select(Package).where(Package.slug == "giro-di-prova"))
    assert package.status == "draft"
    page = maranello.get("/office/packages/giro-di-prova")
    assert selected_stops(page) == stops[::-1]
    assert 'class="total-km"' in page.text and 'value="publish"' in page.text


def test_the_new_event_page_has_the_builder_and_no_status_form(office):
    page = office("maranello").get("/office/events/new")
    assert page.status_code == 200
    fields = form_of(page)
    assert fields["_rule_freq"] == ["none"] and "slug" in fields
    assert "status-form" not in page.text
    assert {"translations.de.recurrence_note", "translations.ja.name"} <= set(fields)


def test_the_event_history_opens_from_the_editor(office):
    sassuolo = office("sassuolo")
    page = sassuolo.get(f"/office/events/{FIERE}")
    assert f'href="/office/events/{FIERE}/history"' in page.text
    assert sassuolo.get(f"/office/events/{FIERE}/history").status_code == 200
