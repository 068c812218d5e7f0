"""Locale-aware text for people, beside the machine fields (which stay ISO and numeric).

Babel's CLDR data gives day and month names, the locale's time format and list patterns.
"""

from datetime import date, datetime, time
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time, get_day_names
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal

from api.i18n import translate
from catalog.i18n.messages import N_
from catalog.vocabularies import WEEKDAYS

BY_APPOINTMENT = N_("by appointment")
CLOSED_ON = N_("closed on %(days)s")
SEASON = N_("%(start)s–%(end)s: %(hours)s")
CLOSED = N_("closed")
KILOMETRES = N_("%(distance)s km")
# A leap year, so that 02-29 formats; only day and month are shown.
_ANY_YEAR = 2016


class Formatter:
    def __init__(self, language: str) -> None:
        self.locale = Locale.parse(language)
        self._days = get_day_names("abbreviated", locale=self.locale)

    @classmethod
    @lru_cache(maxsize=32)
    def for_language(cls, language: str) -> "Formatter":
        """One per language and process: parsing CLDR data per request is wasted work."""
        return cls(language)

    def opening_hours(self, hours: dict | None) -> str | None:
        """One readable line, e.g. `Tue–Sun 10:00–17:30; closed on Dec 25`."""
        if not hours:
            return None
        parts = []
        weekly = self._weekly(hours.get("weekly") or [])
        if weekly:
            parts.append(weekly)
        for season in hours.get("seasons") or []:
            parts.append(
                translate(SEASON)
                % {
                    "start": self._month_day(season["start"]),
                    "end": self._month_day(season["end"]),
                    "hours": self._weekly(season["weekly"]) or translate(CLOSED),
                }
            )
        if hours.get("by_appointment"):
            parts.append(translate(BY_APPOINTMENT))
        closed = [self._day(e["date"]) for e in hours.get("exceptions") or [] if e.get("closed")]
        if closed:
            parts.append(translate(CLOSED_ON) % {"days": format_list(closed, locale=self.locale)})
        return "; ".join(parts) or None

    def date(self, value: datetime | date | None) -> str | None:
        return format_date(value, "medium", locale=self.locale) if value else None

    def price(self, amount: float | None, currency: str = "EUR") -> str | None:
        """`12,50 €` in Italian, `€12.50` in English."""
        if amount is None:
            return None
        return format_currency(amount, currency, locale=self.locale)

    def distance(self, kilometres: float | None) -> str | None:
        if kilometres is None:
            return None
        number = format_decimal(round(kilometres, 1), format="#,##0.#", locale=self.locale)
        return translate(KILOMETRES) % {"distance": number}

    def _weekly(self, rules: list[dict]) -> str:
        grouped: dict[tuple[str, ...], list[str]] = {}
        for rule in rules:
            days = tuple(sorted(rule["days"], key=WEEKDAYS.index))
            grouped.setdefault(days, []).append(
                f"{self._time(rule['opens'])}–{self._time(rule['closes'])}"
            )
        return "; ".join(
            f"{self._days_text(days)} {', '.join(ranges)}" for days, ranges in grouped.items()
        )

    def _days_text(self, days: tuple[str, ...]) -> str:
        """Runs of consecutive days become ranges: mon..fri -> Mon–Fri."""
        indexes = [WEEKDAYS.index(day) for day in days]
        runs: list[list[int]] = []
        for index in indexes:
            if runs and index == runs[-1][-1] + 1:
                runs[-1].append(index)
            else:
                runs.append([index])
        names = [
            self._days[run[0]] if len(run) == 1 else f"{self._days[run[0]]}–{self._days[run[-1]]}"
            for run in runs
        ]
        return ", ".join(names)

    def _time(self, text: str) -> str:
        hours, minutes = (int(part) for part in text.split(":"))
        if hours == 24:
            hours, minutes = 0, 0
        return format_time(time(hours, minutes), "short", locale=self.locale)

    def _month_day(self, text: str) -> str:
        month, day = (int(part) for part in text.split("-")[-2:])
        return format_skeleton("MMMd", date(_ANY_YEAR, month, day), locale=self.locale)

    def _day(self, text: str) -> str:
        parts = [int(part) for part in text.split("-")]
        if len(parts) == 3:
            return format_date(date(*parts), "medium", locale=self.locale)
        return self._month_day(text)
