"""The Babel catalogues: one per supported language, complete, and in step with the code."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from catalog.i18n.languages import DEFAULT_LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def _catalogue(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def _ids(catalogue) -> set[str]:
    return {message.id for message in catalogue if message.id}


@pytest.fixture(scope="module")
def template():
    return _catalogue(TRANSLATIONS / "messages.pot")


@pytest.mark.parametrize("lang", DEFAULT_LANGUAGES)
def test_every_language_has_a_complete_catalogue(lang, template):
    path = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"
    assert path.exists(), f"no catalogue for {lang}"
    catalogue = _catalogue(path)
    assert _ids(catalogue) == _ids(template), "catalogue out of step with messages.pot"
    untranslated = [m.id for m in catalogue if m.id and not m.string]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    placeholders = [
        m.id
        for m in catalogue
        if m.id and sorted(PLACEHOLDER.findall(m.id)) != sorted(PLACEHOLDER.findall(m.string))
    ]
    assert (untranslated, fuzzy, placeholders) == ([], [], [])


@pytest.mark.parametrize("lang", [lang for lang in DEFAULT_LANGUAGES if lang != "en"])
def test_no_english_left_in_other_languages(lang):
    """A msgstr equal to its English msgid is an untranslated string in disguise."""
    catalogue = _catalogue(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po")
    allowed = {"Motor Valley", "%(distance)s km", "%(start)s–%(end)s: %(hours)s"}
    same = [m.id for m in catalogue if m.id and m.string == m.id and m.id not in allowed]
    assert same == []


def test_the_template_is_not_stale(tmp_path, template):
    """Extracting the code again yields exactly the committed message ids."""
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable, "-m", "babel.messages.frontend", "-q", "extract",
            "-F", str(ROOT / "babel.cfg"), "-k", "N_", "-k", "Message", "-k", "_l",
            "-o", str(fresh), str(ROOT),
        ],
        check=True,
        cwd=ROOT,
    )  # fmt: skip
    assert _ids(_catalogue(fresh)) == _ids(template)


# --- the back office's own catalogue: Italian and English --------------------------------

OFFICE_LANGUAGES = ("it", "en")
# Words Italian shares with English, and strings that are only placeholders.
OFFICE_SAME = {"Email", "Password", "Slug", "Tag", "Dashboard", "Media", "Link", "Hub", "Admin"}


@pytest.mark.parametrize("lang", OFFICE_LANGUAGES)
def test_the_office_catalogue_is_complete(lang):
    template = _catalogue(TRANSLATIONS / "office.pot")
    catalogue = _catalogue(TRANSLATIONS / lang / "LC_MESSAGES" / "office.po")
    assert _ids(catalogue) == _ids(template), "office.po out of step with office.pot"
    untranslated = [m.id for m in catalogue if m.id and not m.string]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    placeholders = [
        m.id
        for m in catalogue
        if m.id
        and sorted(PLACEHOLDER.findall(_text(m.id))) != sorted(PLACEHOLDER.findall(_text(m.string)))
    ]
    assert (untranslated, fuzzy, placeholders) == ([], [], [])
    if lang == "it":
        same = [m.id for m in catalogue if m.id and m.string == m.id and m.id not in OFFICE_SAME]
        assert same == []


def _text(value) -> str:
    """A plural entry's forms joined, a singular one as it is."""
    return " ".join(value) if isinstance(value, tuple | list) else value


def test_the_office_template_is_not_stale(tmp_path):
    fresh = tmp_path / "office.pot"
    subprocess.run(
        [
            sys.executable, "-m", "babel.messages.frontend", "-q", "extract",
            "-F", str(ROOT / "office" / "babel.cfg"), "-k", "lazy_gettext",
            "-o", str(fresh), str(ROOT),
        ],
        check=True,
        cwd=ROOT,
    )  # fmt: skip
    assert _ids(_catalogue(fresh)) == _ids(_catalogue(TRANSLATIONS / "office.pot"))
