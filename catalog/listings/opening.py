"""Is a place open at a given moment, and when does it open next? (Europe/Rome)

Precedence for a day: a dated exception, else the season that covers the day, else the weekly
rules. Hours with no rules at all (only "by appointment", or none known) answer None: unknown,
which the filters treat as "not known to be open".
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from catalog.vocabularies import WEEKDAYS

ROME = ZoneInfo("Europe/Rome")
HORIZON_DAYS = 400


def is_open(hours: dict | None, at: datetime) -> bool | None:
    if not _has_rules(hours):
        return None
    local = at.astimezone(ROME)
    moment = local.time()
    return any(opens <= moment < closes for opens, closes in _ranges(hours, local.date()))


def next_opening(hours: dict | None, after: datetime) -> datetime | None:
    """The first opening at or after `after` (the moment itself if open then)."""
    if not _has_rules(hours):
        return None
    local = after.astimezone(ROME)
    exceptions = _exceptions_by_date(hours)  # looked up once per day below, not scanned
    for offset in range(HORIZON_DAYS):
        day = local.date() + timedelta(days=offset)
        for opens, closes in sorted(_ranges(hours, day, exceptions)):
            if offset == 0 and closes <= local.time():
                continue
            start = max(opens, local.time()) if offset == 0 else opens
            return datetime.combine(day, start, ROME)
    return None


def opening_same_day(hours: dict | None, after: datetime) -> datetime | None:
    """The first opening at or after `after` on the same (local) day, or None."""
    if not _has_rules(hours):
        return None
    local = after.astimezone(ROME)
    for opens, closes in sorted(_ranges(hours, local.date())):
        if closes > local.time():
            return datetime.combine(local.date(), max(opens, local.time()), ROME)
    return None


def day_ranges(hours: dict | None, day: date) -> list[tuple[time, time]]:
    """The (opens, closes) ranges of one day, sorted; empty when closed or unknown."""
    if not _has_rules(hours):
        return []
    return sorted(_ranges(hours, day))


def _has_rules(hours: dict | None) -> bool:
    return bool(hours) and bool(hours.get("weekly") or hours.get("seasons"))


def _exceptions_by_date(hours: dict) -> dict[str, dict]:
    """The first exception for each date, as written (YYYY-MM-DD or a yearly MM-DD)."""
    found: dict[str, dict] = {}
    for exception in hours.get("exceptions") or []:
        found.setdefault(exception["date"], exception)
    return found


def _ranges(hours: dict, day: date, exceptions: dict | None = None) -> list[tuple[time, time]]:
    exceptions = _exceptions_by_date(hours) if exceptions is None else exceptions
    exception = exceptions.get(day.isoformat()) or exceptions.get(day.strftime("%m-%d"))
    if exception is not None:
        if exception.get("closed", True) or not exception.get("opens"):
            return []
        return [(_time(exception["opens"]), _time(exception["closes"]))]
    for season in hours.get("seasons") or []:
        if _in_season(day, season["start"], season["end"]):
            return _weekly(season["weekly"], day)
    return _weekly(hours.get("weekly") or [], day)


def _weekly(rules: list[dict], day: date) -> list[tuple[time, time]]:
    weekday = WEEKDAYS[day.weekday()]
    return [(_time(r["opens"]), _time(r["closes"])) for r in rules if weekday in r["days"]]


def _in_season(day: date, start: str, end: str) -> bool:
    key = day.strftime("%m-%d")
    if start <= end:
        return start <= key <= end
    return key >= start or key <= end  # a season across New Year


def _time(text: str) -> time:
    if text == "24:00":
        return time.max
    hours, minutes = (int(part) for part in text.split(":"))
    return time(hours, minutes)
