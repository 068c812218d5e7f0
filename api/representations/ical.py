"""iCalendar (RFC 5545) for events, with the icalendar library: one VEVENT per event, with
its RRULE, so calendar applications expand the repetitions themselves.

Takes the presenter's data (dates as dates); `first_start`/`first_end` are the event's own
first occurrence, which DTSTART and the RRULE count from.
"""

from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event, vRecur

PRODID = "-//Distretto//Sassuolo ceramic district//EN"


def calendar(items: list[dict], name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    seen = set()
    for item in items:
        if item["slug"] in seen:
            continue
        seen.add(item["slug"])
        cal.add_component(_vevent(item))
    return cal.to_ical()


def _vevent(item: dict) -> Event:
    vevent = Event()
    first = item.get("first_start", item["start"])
    last = item.get("first_end", item["end"])
    vevent.add("uid", f"{item['slug']}@distretto")
    vevent.add("dtstamp", datetime.now(UTC))
    vevent.add("summary", _plain(item["name"]))
    if item.get("summary"):
        vevent.add("description", _plain(item["summary"]))
    vevent.add("dtstart", first)
    vevent.add("dtend", last + timedelta(days=1))  # DTEND of an all-day event is exclusive
    if item.get("recurrence"):
        vevent.add("rrule", vRecur.from_ical(item["recurrence"]))
    location = item["location"]
    vevent.add("location", location.get("address") or _plain(item["municipality"]["name"]))
    vevent.add("geo", (location["lat"], location["lon"]))
    vevent.add("url", item["links"]["self"])
    return vevent


def _plain(value) -> str:
    if isinstance(value, dict):
        return next(iter(value.values()), "")
    return value or ""
