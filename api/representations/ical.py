"""iCalendar (RFC 5545) for events, with the icalendar library: one VEVENT per event, with
its RRULE, so calendar applications expand the repetitions themselves.

Takes the presenter's data (dates as dates); `first_start`/`first_end` are the event's own
first occurrence, which DTSTART and the RRULE count from. Each text (SUMMARY, DESCRIPTION, the
recurrence note as COMMENT, LOCATION when it is the town's name) carries the RFC 5545 LANGUAGE
parameter of the language it is really in: the fallback's when it fell back.
"""

from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event, vRecur

from catalog.i18n.languages import SOURCE_LANGUAGE

PRODID = "-//Distretto//Sassuolo ceramic district//EN"
TEXTS = (("summary", "name"), ("description", "summary"), ("comment", "recurrence_note"))
"""iCalendar properties and the event's texts they carry."""


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
    for prop, field in TEXTS:
        _add_text(vevent, prop, *_in_language(item.get(field), item, field))
    vevent.add("dtstart", first)
    vevent.add("dtend", last + timedelta(days=1))  # DTEND of an all-day event is exclusive
    if item.get("recurrence"):
        vevent.add("rrule", vRecur.from_ical(item["recurrence"]))
    location = item["location"]
    if location.get("address"):
        vevent.add("location", location["address"])  # as the editors wrote it: no language
    else:
        town = _in_language(item["municipality"]["name"], item, "municipality.name")
        _add_text(vevent, "location", *town)
    vevent.add("geo", (location["lat"], location["lon"]))
    vevent.add("url", item["links"]["self"])
    return vevent


def _add_text(vevent: Event, prop: str, text: str, language: str) -> None:
    if text:
        vevent.add(prop, text, parameters={"LANGUAGE": language})


def _in_language(value, item: dict, key: str) -> tuple[str, str]:
    """The text and its language (`key` names it in the fallbacks). With lang=* (a {lang: text}
    map) a VEVENT still takes one text: the source language's when there is one."""
    if isinstance(value, dict):
        if not value:
            return "", ""
        language = SOURCE_LANGUAGE if value.get(SOURCE_LANGUAGE) else next(iter(value))
        return value[language], language
    return value or "", (item.get("fallbacks") or {}).get(key, item["language"])
