"""Finding 1 (high): an editor's recurrence rule must never hang or flood the public API."""

import time
from datetime import date

import pytest

from catalog.events.recurrence import MAX_OCCURRENCES_PER_EVENT, InvalidRule, checked_rule
from tests.test_event_editing import NEW_EVENT

HOSTILE_RULES = [
    "FREQ=DAILY;INTERVAL=0",  # loops forever in dateutil
    "FREQ=MINUTELY",  # 43,202 occurrences in a month
    "FREQ=SECONDLY;INTERVAL=1",
    "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",  # never matches: walks to the year 9999
    "FREQ=DAILY;BYMONTHDAY=40",
    "FREQ=MONTHLY;BYSETPOS=10;BYDAY=MO",
    "FREQ=MONTHLY;INTERVAL=12;BYMONTH=6",  # starts in January: never in June
    "FREQ=WEEKLY;UNTIL=2027-06-01",  # broke the whole iCal feed
    "FREQ=WEEKLY;COUNT=0",
    "FREQ=WEEKLY;COUNT=99999999999999999999",
    "FREQ=DAILY;BYHOUR=1,2,3",
    "FREQ=WEEKLY;BYDAY=XX",
    "FREQ=WEEKLY;WKST=MO;WKST=TU",
    "FREQ=YEARLY;INTERVAL=-1",
    "",
]


@pytest.mark.parametrize("rule", [r for r in HOSTILE_RULES if r])
def test_hostile_rules_are_refused_quickly(rule):
    began = time.perf_counter()
    with pytest.raises(InvalidRule):
        checked_rule(rule, date(2026, 1, 1))
    assert time.perf_counter() - began < 1.0


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=8",
        "FREQ=YEARLY;BYMONTH=9;BYDAY=-1SU",
        "FREQ=YEARLY;BYMONTH=10;BYDAY=SA,SU",
        "FREQ=WEEKLY;BYDAY=WE,FR;UNTIL=20151031",
        "FREQ=MONTHLY;BYDAY=1SU",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA",
        "freq=daily;count=10",
    ],
)
def test_calendar_rules_are_accepted(rule):
    assert checked_rule(rule, date(2015, 5, 1)) == rule.upper()


def test_a_daily_rule_from_long_ago_is_refused_as_too_costly():
    with pytest.raises(InvalidRule):
        checked_rule("FREQ=DAILY", date(1900, 1, 1), today=date(2026, 12, 4))


@pytest.mark.parametrize("rule", [r for r in HOSTILE_RULES if r])
def test_the_api_refuses_hostile_rules_with_a_field_error(client, tokens, rule):
    began = time.perf_counter()
    body = {**NEW_EVENT, "start": "2026-01-10", "end": "2026-01-10", "recurrence": rule}
    response = client.post("/api/v1/events", json=body, headers=tokens["maranello"])
    assert response.status_code == 422, response.get_json()
    assert response.content_type == "application/problem+json"
    assert "recurrence" in response.get_json()["errors"]
    assert time.perf_counter() - began < 1.0
    assert (
        client.get(f"/api/v1/events/{NEW_EVENT['slug']}", headers=tokens["maranello"]).status_code
        == 404
    )


def _publish_daily_event(client, tokens) -> None:
    headers = tokens["maranello"]
    body = {**NEW_EVENT, "start": "2026-01-01", "end": "2026-01-01", "recurrence": "FREQ=DAILY"}
    assert client.post("/api/v1/events", json=body, headers=headers).status_code == 201
    tag = client.get(f"/api/v1/events/{NEW_EVENT['slug']}", headers=headers).headers["ETag"]
    published = client.post(
        f"/api/v1/events/{NEW_EVENT['slug']}/publish", headers={**headers, "If-Match": tag}
    )
    assert published.status_code == 200


def test_events_are_paged_and_bounded(client, tokens):
    _publish_daily_event(client, tokens)
    window = "from=2026-01-01&to=2027-12-31"
    began = time.perf_counter()
    first = client.get(f"/api/v1/events?{window}&limit=100")
    assert time.perf_counter() - began < 1.0
    body = first.get_json()
    assert first.status_code == 200 and len(body["items"]) == 100
    daily = MAX_OCCURRENCES_PER_EVENT if MAX_OCCURRENCES_PER_EVENT < 730 else 730
    assert body["total"] >= daily and body["page"] == 1 and body["limit"] == 100
    assert body["links"]["next"].endswith("page=2") or "page=2" in body["links"]["next"]
    assert 'rel="next"' in first.headers["Link"]
    last = client.get(body["links"]["last"]).get_json()
    assert 0 < len(last["items"]) <= 100 and last["links"]["next"] is None
    assert client.get(f"/api/v1/events?{window}&limit=1000").status_code == 400


def test_the_ical_feed_carries_each_event_once_with_its_rule(client, tokens):
    _publish_daily_event(client, tokens)
    feed = client.get("/api/v1/events?from=2026-01-01&to=2026-12-31&format=ical")
    assert feed.status_code == 200
    text = feed.get_data(as_text=True)
    assert text.count(f"UID:{NEW_EVENT['slug']}@distretto") == 1
    assert "RRULE:FREQ=DAILY" in text


@pytest.mark.parametrize("start", ["9999-12-01", "0001-01-01"])
def test_an_event_outside_the_calendar_years_is_a_422(client, tokens, start):
    body = {**NEW_EVENT, "start": start, "end": start, "recurrence": "FREQ=YEARLY"}
    response = client.post("/api/v1/events", json=body, headers=tokens["maranello"])
    assert response.status_code == 422
    assert "start" in response.get_json()["errors"]
