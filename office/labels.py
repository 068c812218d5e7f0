"""What the office calls the catalogue's codes, in the office language: statuses and worklists
in the office's own catalogue; kinds, themes and languages as the API names them (its
`messages` catalogue and Babel's locale data), so both say the same word.

And where a listing is edited: the editor's page, as a plain path, with the anchor of the
section that fixes a worklist's problem.
"""

from datetime import datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

from babel import Locale
from flask import url_for
from flask_babel import gettext as api_gettext

from catalog.listings.hours import TIMEZONE
from catalog.listings.worklists import WORKLISTS
from catalog.vocabularies import KINDS, THEMES
from office.i18n import current, lazy_gettext

STATUSES = {
    "published": lazy_gettext("Published"),
    "draft": lazy_gettext("Draft"),
    "archived": lazy_gettext("Archived"),
}

# code -> (title, what to do); a worklist of catalog/listings/worklists.py without its words
# here fails tests/office/test_dashboard.py.
WORKLIST_WORDS = {
    "no_hours": (
        lazy_gettext("No opening hours"),
        lazy_gettext("Say when the place is open, or that it opens by appointment."),
    ),
    "approximate": (
        lazy_gettext("Approximate location"),
        lazy_gettext("Put the point on the entrance, and say it is exact."),
    ),
    "missing_language": (
        lazy_gettext("Missing translations"),
        lazy_gettext("Published listings without name, summary and description in every language."),
    ),
    "media_credit": (
        lazy_gettext("Images without credit or licence"),
        lazy_gettext("Say who took each image and under which licence it may be shown."),
    ),
    "stale": (
        lazy_gettext("Not updated for a year"),
        lazy_gettext("Check that everything is still true, then save."),
    ),
}


def status(code: str) -> str:
    return str(STATUSES.get(code, code))


def kind(code: str) -> str:
    return api_gettext(KINDS[code]) if code in KINDS else code


def theme(code: str) -> str:
    return api_gettext(THEMES[code]) if code in THEMES else code


def worklist(code: str) -> str:
    return str(WORKLIST_WORDS[code][0])


def worklist_hint(code: str) -> str:
    return str(WORKLIST_WORDS[code][1])


def language(code: str) -> str:
    """A content language named in the office language (German -> "tedesco" in Italian)."""
    try:
        name = Locale.parse(code).get_display_name(current())
    except (ValueError, LookupError):
        return code
    return name[:1].upper() + name[1:] if name else code


def status_options() -> list[tuple[str, str]]:
    return [(code, status(code)) for code in STATUSES]


def kind_options() -> list[tuple[str, str]]:
    return sorted(((code, kind(code)) for code in KINDS), key=lambda item: item[1].casefold())


def theme_options() -> list[tuple[str, str]]:
    return sorted(((code, theme(code)) for code in THEMES), key=lambda item: item[1].casefold())


def worklist_options() -> list[tuple[str, str]]:
    return [(item.code, worklist(item.code)) for item in WORKLISTS]


LOCAL = ZoneInfo(TIMEZONE)


def local_time(moment: datetime) -> str:
    """A moment as the district's clocks show it, to the minute."""
    return moment.astimezone(LOCAL).strftime("%Y-%m-%d %H:%M")


def editor_href(slug: str, section: str | None = None) -> str:
    """/office/listings/<slug>[#section]: a plain path, so it does not wait for the editor's
    endpoint to exist."""
    path = url_for("office.dashboard") + "listings/" + quote(slug, safe="")
    return f"{path}#{section}" if section else path


def template_helpers() -> dict:
    """What the listings' templates call."""
    return {
        "status_label": status,
        "kind_label": kind,
        "theme_label": theme,
        "worklist_label": worklist,
        "worklist_hint": worklist_hint,
        "language_label": language,
        "editor_href": editor_href,
        "local_time": local_time,
    }
