"""GET /events: recurrences expanded in a window, sorted; iCalendar parsed back."""

from datetime import date

import icalendar


def _events(client, query):
    response = client.get(f"/api/v1/events?{query}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def test_a_yearly_feast_appears_every_year_on_its_day(client):
    for year in (2015, 2016, 2024):
        items = _events(client, f"from={year}-09-01&to={year}-09-30")
        feast = [i for i in items if i["slug"] == "festa-della-beata-vergine-del-castello"]
        assert [(i["start"], i["end"]) for i in feast] == [(f"{year}-09-08", f"{year}-09-08")]
        assert feast[0]["recurring"] is True and "BYMONTHDAY=8" in feast[0]["recurrence"]


def test_expo_2015_tours_run_on_wednesdays_and_fridays_only_in_2015(client):
    june = [
        i
        for i in _events(client, "from=2015-06-01&to=2015-06-30")
        if i["slug"] == "ceramicland-expo-2015"
    ]
    days = [date.fromisoformat(i["start"]) for i in june]
    assert len(days) == 8 and {d.weekday() for d in days} == {2, 4}  # 3, 5, 10 ... 26 June
    assert not [
        i
        for i in _events(client, "from=2016-06-01&to=2016-06-30")
        if i["slug"] == "ceramicland-expo-2015"
    ]


def test_occurrences_are_sorted_and_inside_the_window(client):
    items = _events(client, "from=2015-05-01&to=2015-10-31")
    starts = [i["start"] for i in items]
    assert starts == sorted(starts)
    assert all(i["end"] >= "2015-05-01" and i["start"] <= "2015-10-31" for i in items)


def test_a_multi_day_occurrence_overlapping_the_window_is_kept(client):
    items = _events(client, "from=2015-09-15&to=2015-09-16")
    month = [i for i in items if i["slug"] == "settembre-formiginese"]
    assert [(i["start"], i["end"]) for i in month] == [("2015-09-01", "2015-09-30")]


def test_single_editions_are_not_recurring(client):
    items = _events(client, "from=2023-06-01&to=2023-06-30")
    notte = [i for i in items if i["slug"].startswith("notte-rossa")]
    assert [(i["start"], i["recurring"]) for i in notte] == [("2023-06-17", False)]


def test_filters_and_language(client):
    items = _events(client, "from=2015-01-01&to=2015-12-31&municipality=formigine&lang=de")
    assert items and {i["municipality"]["slug"] for i in items} == {"formigine"}
    assert all(i["language"] == "de" and i["fallbacks"] == {} for i in items)


def test_bad_windows_are_400(client):
    assert client.get("/api/v1/events?from=2015-09-30&to=2015-09-01").status_code == 400
    assert client.get("/api/v1/events?from=2015-01-01&to=2019-01-01").status_code == 400
    assert client.get("/api/v1/events?from=yesterday").status_code == 400


def test_icalendar_parses_back_with_its_rules(client):
    response = client.get("/api/v1/events?from=2015-09-01&to=2015-09-30&format=ical")
    assert response.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.data)
    vevents = calendar.walk("VEVENT")
    uids = [str(v["UID"]) for v in vevents]
    assert len(uids) == len(set(uids)) > 0
    feast = next(v for v in vevents if str(v["UID"]).startswith("festa-della-beata-vergine"))
    assert feast["RRULE"]["FREQ"] == ["YEARLY"]
    assert feast.decoded("DTSTART") == date(2015, 9, 8)
    assert feast.decoded("DTEND") == date(2015, 9, 9)
    accept = client.get(
        "/api/v1/events?from=2015-09-01&to=2015-09-30", headers={"Accept": "text/calendar"}
    )
    assert accept.mimetype == "text/calendar"


def test_one_event_with_its_next_occurrences(client):
    body = client.get("/api/v1/events/festa-della-beata-vergine-del-castello?lang=en").get_json()
    assert body["upcoming"] and all(o["start"].endswith("-09-08") for o in body["upcoming"])
    assert body["listing"]["slug"] == "santuario-della-beata-vergine-del-castello"
    assert client.get("/api/v1/events/nothing-here").status_code == 404
