"""The office's own strings: Babel domain `office`, in Italian (the default) and English.

The API's catalogues (domain `messages`, eight languages) keep the strings partners and
visitors read; the office is for the district's own staff, who work in Italian or English.
Each user picks one; before sign-in the browser's preference among the two decides.
"""

from flask import g, request
from flask_babel import Domain

from catalog.settings import PROJECT_ROOT

LANGUAGES = ("it", "en")
DEFAULT = "it"
COOKIE = "distretto_office_lang"

domain = Domain(translation_directories=str(PROJECT_ROOT / "translations"), domain="office")
gettext = domain.gettext
ngettext = domain.ngettext
lazy_gettext = domain.lazy_gettext
_ = gettext


def choose_language(preferred: str | None) -> None:
    """The request's language: the user's choice, then the browser's among it and en."""
    if preferred not in LANGUAGES:
        preferred = request.cookies.get(COOKIE)
    if preferred not in LANGUAGES:
        preferred = request.accept_languages.best_match(LANGUAGES, default=DEFAULT)
    g.lang = preferred
    g.all_languages = False


def current() -> str:
    return g.get("lang") or DEFAULT
