"""Recurrence rules (RFC 5545 RRULE) that a tourism calendar needs, and nothing that can hang.

dateutil expands a rule by walking its periods until a date matches, with no bound: a rule
that never matches (30 February) walks to the year 9999, and INTERVAL=0 never ends. So a rule
is checked on write: whole-day frequencies only, bounded numbers, an iCalendar round trip,
a first occurrence within FIRST_WITHIN_YEARS, and a bounded number of periods from its first
day to the end of the widest window a reader may ask. Expansion on read is capped per event.
"""

from datetime import date, datetime, timedelta

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrulestr
from icalendar import vRecur

from catalog.i18n.messages import Message

FREQUENCIES = {"DAILY": DAILY, "WEEKLY": WEEKLY, "MONTHLY": MONTHLY, "YEARLY": YEARLY}
DAYS_PER_PERIOD = {"DAILY": 1, "WEEKLY": 7, "MONTHLY": 30.4, "YEARLY": 365.25}
PARTS = {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "WKST"}
MAX_INTERVAL = 52
MAX_COUNT = 1000
FIRST_WITHIN_YEARS = 5
MAX_PERIODS = 5_000
HORIZON_DAYS = 366 * 2  # the widest window a reader may ask, from today
MAX_OCCURRENCES_PER_EVENT = 800  # a daily event over the widest window, and a little more
GREGORIAN_CYCLE_YEARS = 400  # the calendar repeats exactly, weekdays and leap years included


class InvalidRule(ValueError):
    """A rule a calendar cannot use; `message` says why, for the editor."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def checked_rule(text: str, start: date, today: date | None = None) -> str:
    """The rule as stored (trimmed, upper case), or InvalidRule saying what is wrong."""
    rule = text.strip().upper()
    parts = _parts(rule)
    _check_numbers(parts)
    _round_trip(rule)
    _check_first_occurrence(rule, start, parts.get("UNTIL"))
    _check_cost(parts, start, today or date.today())
    return rule


def occurrence_starts(
    rule: str, first: date, earliest: date, latest: date, most: int = MAX_OCCURRENCES_PER_EVENT
) -> list[date]:
    """Starts of a checked rule in [earliest, latest], the first `most` of them."""
    expanded = rrulestr(rule, dtstart=_midnight(first))
    starts = []
    for moment in expanded.xafter(_midnight(earliest), inc=True):
        if moment.date() > latest or len(starts) == most:
            break
        starts.append(moment.date())
    return starts


def _parts(rule: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    for piece in rule.split(";"):
        name, _, value = piece.partition("=")
        if name in parts:
            raise InvalidRule(Message("The rule part %(part)s appears twice.", part=name))
        if name not in PARTS or not value:
            raise InvalidRule(
                Message(
                    "Unsupported rule part %(part)s: use FREQ, INTERVAL, COUNT, UNTIL, BYDAY, "
                    "BYMONTHDAY, BYMONTH, BYSETPOS.",
                    part=name or piece,
                )
            )
        parts[name] = value
    if parts.get("FREQ") not in FREQUENCIES:
        raise InvalidRule(Message("FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY."))
    if "COUNT" in parts and "UNTIL" in parts:
        raise InvalidRule(Message("Use COUNT or UNTIL, not both."))
    return parts


def _check_numbers(parts: dict[str, str]) -> None:
    bounds = {"INTERVAL": MAX_INTERVAL, "COUNT": MAX_COUNT}
    for name, most in bounds.items():
        value = parts.get(name, "1")
        if not value.isdigit() or not 1 <= int(value) <= most:
            raise InvalidRule(
                Message("%(part)s must be a whole number from 1 to %(most)s.", part=name, most=most)
            )
    until = parts.get("UNTIL")
    if until is not None and not (until.isdigit() and len(until) == 8):
        raise InvalidRule(Message("UNTIL must be a date written YYYYMMDD, e.g. 20270601."))


def _round_trip(rule: str) -> None:
    """A rule iCalendar cannot read and write back would break the iCal feed."""
    try:
        rrulestr(rule, dtstart=datetime(2000, 1, 1))
        written = vRecur.from_ical(rule).to_ical().decode()
        rrulestr(written, dtstart=datetime(2000, 1, 1))
    except (ValueError, TypeError, KeyError, IndexError):
        raise InvalidRule(Message("Not a valid RFC 5545 recurrence rule.")) from None


def _check_first_occurrence(rule: str, start: date, until: str | None) -> None:
    """Within FIRST_WITHIN_YEARS, searched on a copy moved to the calendar's last cycle.

    Moving the first day by whole 400-year cycles keeps every date's weekday and leap year,
    so the copy matches on the same days; dateutil's walk then stops at the year 9999 at the
    latest, which bounds the search for a rule that never matches.
    """
    cycles = max((9999 - FIRST_WITHIN_YEARS - start.year) // GREGORIAN_CYCLE_YEARS, 0)
    shift = cycles * GREGORIAN_CYCLE_YEARS
    moved = _midnight(start).replace(year=start.year + shift)
    expanded = rrulestr(rule, dtstart=moved)
    if until is not None:
        expanded = expanded.replace(until=_moved_until(until, shift))
    first = expanded.after(moved, inc=True)
    if first is None or first > moved + timedelta(days=366 * FIRST_WITHIN_YEARS):
        raise InvalidRule(
            Message(
                "The rule has no occurrence in the %(years)s years from the start date.",
                years=FIRST_WITHIN_YEARS,
            )
        )


def _moved_until(until: str, shift: int) -> datetime:
    year = int(until[:4]) + shift
    if year > 9999:
        return datetime(9999, 12, 31)
    return datetime(year, int(until[4:6]), int(until[6:8]))


def _check_cost(parts: dict[str, str], start: date, today: date) -> None:
    """Expansion walks every period from the first day: refuse a walk that would be long."""
    if "COUNT" in parts:
        return
    last = today + timedelta(days=HORIZON_DAYS)
    if "UNTIL" in parts:
        last = min(last, date(int(parts["UNTIL"][:4]), 1, 1) + timedelta(days=366))
    days = max((last - start).days, 0)
    periods = days / DAYS_PER_PERIOD[parts["FREQ"]] / int(parts.get("INTERVAL", "1"))
    if periods > MAX_PERIODS:
        raise InvalidRule(
            Message(
                "The rule repeats more than %(most)s times from its start: start it later.",
                most=MAX_PERIODS,
            )
        )


def _midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time())
