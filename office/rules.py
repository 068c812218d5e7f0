"""The event editor's recurrence builder: a few plain fields (how often, which weekdays, month
days, months, how many times or until when) that compose the RFC 5545 RRULE an event keeps,
a rule read back into those fields, and a rule said in words in the office's language.

The builder's fields are posted as `_rule_*` (control fields: `office.paths.unflatten` leaves
them out), so it works without JavaScript; the raw `recurrence` field stays for what the
builder cannot say. Whether a rule is valid is the domain's to say (catalog/events/
recurrence.py): the builder only writes what was ticked.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from babel.dates import format_date, get_day_names, get_month_names
from babel.lists import format_list

from office.i18n import _, ngettext

NONE = "none"
CUSTOM = "custom"
FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
ORDINALS = ("1", "2", "3", "4", "-1")
BUILDER_PARTS = {"FREQ", "INTERVAL", "BYMONTH", "BYMONTHDAY", "BYDAY", "COUNT", "UNTIL"}
_BYDAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")

FIELDS = ("freq", "interval", "ordinal", "bymonthday", "count", "until", "shown")
LISTS = ("byday", "bymonth")


@dataclass
class RuleBuilder:
    """The builder's fields as the form shows and posts them (strings)."""

    freq: str = NONE  # none, DAILY, WEEKLY, MONTHLY, YEARLY or custom (the raw field)
    interval: str = ""
    byday: list[str] = field(default_factory=list)  # MO..SU
    ordinal: str = ""  # "" (every such weekday), 1..4 or -1 (the last) in the month
    bymonthday: str = ""  # "8" or "1, 15"
    bymonth: list[str] = field(default_factory=list)  # "1".."12"
    count: str = ""
    until: str = ""  # YYYY-MM-DD, as a date input sends it
    shown: str = ""  # the rule the page showed when the builder was filled in

    @classmethod
    def from_rule(cls, rule: str | None) -> "RuleBuilder":
        """The fields of a rule; a rule they cannot say is `custom` (the raw field keeps it)."""
        text = (rule or "").strip().upper()
        if not text:
            return cls(shown="")
        parts = _parts(text)
        if parts is None or parts.get("FREQ") not in FREQUENCIES or set(parts) - BUILDER_PARTS:
            return cls(freq=CUSTOM, shown=text)
        builder = cls(freq=parts["FREQ"], shown=text)
        builder.interval = parts.get("INTERVAL", "")
        builder.bymonth = [m for m in parts.get("BYMONTH", "").split(",") if m]
        builder.bymonthday = ", ".join(d for d in parts.get("BYMONTHDAY", "").split(",") if d)
        builder.count = parts.get("COUNT", "")
        until = parts.get("UNTIL", "")
        if until and not (until.isdigit() and len(until) == 8):
            return cls(freq=CUSTOM, shown=text)
        builder.until = f"{until[:4]}-{until[4:6]}-{until[6:]}" if until else ""
        ordinals = set()
        for item in (d for d in parts.get("BYDAY", "").split(",") if d):
            found = _BYDAY.match(item)
            if found is None:
                return cls(freq=CUSTOM, shown=text)
            ordinals.add((found.group(1) or "").lstrip("+"))
            builder.byday.append(found.group(2))
        if len(ordinals) > 1 or not ordinals <= {"", *ORDINALS}:
            return cls(freq=CUSTOM, shown=text)
        builder.ordinal = ordinals.pop() if ordinals else ""
        return builder

    @classmethod
    def from_values(cls, values: Mapping) -> "RuleBuilder":
        """The fields as posted: {"_rule_freq": "WEEKLY", "_rule_byday": ["SA", "SU"], ...}."""
        builder = cls(freq=_text(values.get("_rule_freq")) or NONE)
        for name in FIELDS[1:]:
            setattr(builder, name, _text(values.get(f"_rule_{name}")))
        for name in LISTS:
            found = values.get(f"_rule_{name}") or []
            setattr(builder, name, [found] if isinstance(found, str) else list(found))
        return builder

    def rule(self) -> str | None:
        """The RRULE the fields say (None: no repetition); what is typed is passed on as it
        is, for the domain to judge."""
        if self.freq not in FREQUENCIES:
            return None
        parts = [f"FREQ={self.freq}"]
        if self.interval.strip() and self.interval.strip() != "1":
            parts.append(f"INTERVAL={self.interval.strip()}")
        months = [m for m in (item.strip() for item in self.bymonth) if m]
        if months:
            parts.append("BYMONTH=" + ",".join(sorted(months, key=_number)))
        days = [d for d in re.split(r"[\s,;]+", self.bymonthday.strip()) if d]
        if days:
            parts.append("BYMONTHDAY=" + ",".join(days))
        weekdays = [d for d in WEEKDAYS if d in {item.strip().upper() for item in self.byday}]
        if weekdays:
            prefix = self.ordinal.strip() if self.freq in ("MONTHLY", "YEARLY") else ""
            parts.append("BYDAY=" + ",".join(prefix + day for day in weekdays))
        if self.count.strip():
            parts.append(f"COUNT={self.count.strip()}")
        if self.until.strip():
            parts.append("UNTIL=" + self.until.strip().replace("-", ""))
        return ";".join(parts)


def chosen_rule(values: Mapping, typed: str | None) -> str | None:
    """The rule a posted form asks for. `typed` is the raw `recurrence` field.

    The builder decides when it says something other than what the page showed (it was
    changed), or when the raw field was left as shown; `custom` leaves the raw field alone.
    """
    if "_rule_freq" not in values:
        return typed
    builder = RuleBuilder.from_values(values)
    if builder.freq == CUSTOM:
        return typed
    built = builder.rule()
    before = RuleBuilder.from_rule(builder.shown)
    untouched = before.freq != CUSTOM and built == before.rule()
    if untouched and (typed or "").strip().upper() != builder.shown.strip().upper():
        return typed  # only the raw field was changed: it wins
    return built


def builder_for(values: Mapping) -> RuleBuilder:
    """The builder as a page shows it: as posted when the form comes back, else read from
    the rule."""
    if "_rule_freq" in values:
        return RuleBuilder.from_values(values)
    return RuleBuilder.from_rule(_text(values.get("recurrence")))


# --- in words -------------------------------------------------------------------------------


def in_words(rule: str | None, lang: str) -> str:
    """The rule said in words, in `lang`: "Every year in September, on day 8."."""
    text = (rule or "").strip().upper()
    if not text:
        return _("It does not repeat: one edition only.")
    parts = _parts(text)
    if parts is None or parts.get("FREQ") not in FREQUENCIES:
        return _("A rule the builder cannot put in words: %(rule)s", rule=text)
    phrases = [_every(parts["FREQ"], _number(parts.get("INTERVAL", "1")))]
    if "BYMONTH" in parts:
        names = get_month_names("wide", locale=lang)
        months = [names.get(_number(m), m) for m in parts["BYMONTH"].split(",")]
        phrases.append(_("in %(months)s", months=format_list(months, locale=lang)))
    if "BYMONTHDAY" in parts:
        days = parts["BYMONTHDAY"].split(",")
        phrases.append(
            ngettext(
                "on day %(days)s", "on days %(days)s", len(days), days=_days_of_month(days, lang)
            )
        )
    if "BYDAY" in parts:
        phrases.append(_weekdays(parts["BYDAY"].split(","), lang))
    if "BYSETPOS" in parts:
        phrases.append(
            _("keeping only occurrence %(positions)s of each period", positions=parts["BYSETPOS"])
        )
    if "COUNT" in parts:
        count = _number(parts["COUNT"])
        phrases.append(ngettext("%(num)s time in all", "%(num)s times in all", count))
    if "UNTIL" in parts:
        phrases.append(_("until %(date)s", date=_until(parts["UNTIL"], lang)))
    return ", ".join(phrases) + "."


def _every(frequency: str, interval: int) -> str:
    if frequency == "DAILY":
        return ngettext("Every day", "Every %(num)s days", interval)
    if frequency == "WEEKLY":
        return ngettext("Every week", "Every %(num)s weeks", interval)
    if frequency == "MONTHLY":
        return ngettext("Every month", "Every %(num)s months", interval)
    return ngettext("Every year", "Every %(num)s years", interval)


def _days_of_month(days: list[str], lang: str) -> str:
    said = []
    for day in days:
        number = _number(day)
        if number < 0:
            said.append(_("the last") if number == -1 else _("%(num)s from the end", num=-number))
        else:
            said.append(day.lstrip("+"))
    return format_list(said, locale=lang)


def ordinal_words() -> dict[str, str]:
    return {
        "1": _("first"),
        "2": _("second"),
        "3": _("third"),
        "4": _("fourth"),
        "5": _("fifth"),
        "-1": _("last"),
        "-2": _("second to last"),
    }


def _weekdays(items: list[str], lang: str) -> str:
    names = get_day_names("wide", locale=lang)
    words = ordinal_words()
    grouped: dict[str, list[str]] = {}
    for item in items:
        found = _BYDAY.match(item)
        if found is None:
            return _("on %(days)s", days=item)
        which = (found.group(1) or "").lstrip("+")
        grouped.setdefault(which, []).append(names[WEEKDAYS.index(found.group(2))])
    said = []
    for which, days in grouped.items():
        listed = format_list(days, locale=lang)
        if not which:
            said.append(_("on %(days)s", days=listed))
        else:
            which_words = words.get(which, which)
            said.append(_("on the %(which)s %(days)s", which=which_words, days=listed))
    return format_list(said, locale=lang)


def _until(value: str, lang: str) -> str:
    try:
        return format_date(
            date(int(value[:4]), int(value[4:6]), int(value[6:8])), "long", locale=lang
        )
    except ValueError:
        return value


def weekday_options(lang: str) -> list[tuple[str, str]]:
    names = get_day_names("wide", locale=lang)
    return [(code, names[index]) for index, code in enumerate(WEEKDAYS)]


def month_options(lang: str) -> list[tuple[str, str]]:
    names = get_month_names("wide", locale=lang)
    return [(str(number), names[number]) for number in range(1, 13)]


def frequency_options() -> list[tuple[str, str]]:
    return [
        (NONE, _("Does not repeat")),
        ("DAILY", _("Daily")),
        ("WEEKLY", _("Weekly")),
        ("MONTHLY", _("Monthly")),
        ("YEARLY", _("Yearly")),
        (CUSTOM, _("Written by hand (the rule field below)")),
    ]


def ordinal_options() -> list[tuple[str, str]]:
    words = ordinal_words()
    return [("", _("every one of them")), *((o, words[o]) for o in ORDINALS)]


def _parts(rule: str) -> dict[str, str] | None:
    parts = {}
    for piece in rule.split(";"):
        name, _sep, value = piece.partition("=")
        if not value or name in parts:
            return None
        parts[name] = value
    return parts if set(parts) <= BUILDER_PARTS | {"BYSETPOS", "WKST"} else None


def _number(text: str) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        return 0


def _text(value) -> str:
    if isinstance(value, list):
        value = value[-1] if value else ""
    return (value or "").strip() if isinstance(value, str) else ""
