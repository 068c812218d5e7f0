"""Small repairs for the values of open-data rows: names, texts, numbers and contacts."""

import math
import re
import unicodedata

from marshmallow import ValidationError, validate

from catalog.data.seed_format import DISTRICT_LAT, DISTRICT_LON
from catalog.sanitize import plain_text
from catalog.validation import UrlCharacters

_PHONE = re.compile(r"^\+?[0-9 ()./-]{6,25}$")
_EMAIL = validate.Email()
_WEBSITE = validate.And(validate.URL(schemes={"http", "https"}, require_tld=True), UrlCharacters())

_STATUS = (
    r"(?:(?:momentaneamente|temporaneamente|definitivamente|attualmente)\s+)?"
    r"chius[oaie](?:\s+(?:al\s+pubblico|per\s+lavori|fino\s+a\s+nuovo\s+avviso))?"
)
# "(chiuso)", "- CHIUSO", "CHIUSO - " in any case; a bare trailing "CHIUSO" only in capitals,
# so that a place called "Il Chiuso" keeps its name.
_STATUS_WORDS = (
    re.compile(rf"\s*[(\[]\s*{_STATUS}\s*[)\]]", re.IGNORECASE),
    re.compile(rf"\s*[-–—:]\s*{_STATUS}\s*[.!]?\s*$", re.IGNORECASE),
    re.compile(rf"^\s*{_STATUS}\s*[-–—:]\s*", re.IGNORECASE),
    re.compile(
        r"\s+(?:(?:MOMENTANEAMENTE|TEMPORANEAMENTE|DEFINITIVAMENTE)\s+)?CHIUS[OAIE]"
        r"(?:\s+AL\s+PUBBLICO)?\s*$"
    ),
)
_CLOSURE_NOTICE = re.compile(rf"^\s*{_STATUS}\s*[.!]?\s*$", re.IGNORECASE)

# Characters the publisher lost to "?": an apostrophe between letters, quotes around words.
_LOST_APOSTROPHE = re.compile(r"(?<=[^\W\d_])\?(?=[^\W\d_])")
_LOST_QUOTES = re.compile(r"\?([^\s?][^?]*[^\s?])\?")
_LOST_DASH = re.compile(r"\s\?\s")
_LEGAL_FORMS = {"asd", "aps", "ssd", "snc", "sas", "srl", "srls", "spa", "onlus", "coop"}


def fold(text: str) -> str:
    """Accents, case and punctuation away: "Fiorano  Modenese" == "fiorano modenese"."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    return " ".join(re.findall(r"[^\W_]+", bare))


def name_key(text: str) -> str:
    """The folded name without a trailing legal form: "Golf Club A.s.d." -> "golf club"."""
    words = fold(text).split()
    merged: list[str] = []
    for word in words:  # "a s d" (from "A.s.d.") -> "asd"
        if len(word) == 1 and merged and len(merged[-1]) < 4 and merged[-1].isalpha():
            merged[-1] += word
        else:
            merged.append(word)
    while len(merged) > 1 and merged[-1] in _LEGAL_FORMS:
        merged.pop()
    return " ".join(merged)


def clean_text(text: str | None) -> str | None:
    """Markup and entities away, whitespace collapsed, lost punctuation put back; None if empty."""
    if not text:
        return None
    plain = plain_text(text.replace("\xa0", " ")) or ""
    plain = " ".join(plain.replace("\xa0", " ").split())
    plain = _LOST_APOSTROPHE.sub("'", plain)
    plain = _LOST_QUOTES.sub(r"«\1»", plain)
    plain = _LOST_DASH.sub(" – ", plain)
    return plain or None


def strip_status_words(name: str) -> tuple[str, bool]:
    """("Parco Avventura", True) for "Parco Avventura - CHIUSO": the name, and whether closed."""
    closed = False
    for pattern in _STATUS_WORDS:
        name, count = pattern.subn("", name)
        closed |= count > 0
    return name.strip(" -–—:"), closed


def is_closure_notice(text: str | None) -> bool:
    """A description that says only "Chiusa al pubblico" marks the place as closed."""
    return bool(text and _CLOSURE_NOTICE.match(text))


class BadNumber(ValueError):
    """The value is there but is not a number."""


def parse_coordinate(value: str) -> float | None:
    """ "44,5301183" or "44.5301183" -> 44.5301183; None when empty; BadNumber otherwise."""
    value = value.strip().replace(" ", "")
    if not value:
        return None
    if value.count(",") == 1 and "." not in value:
        value = value.replace(",", ".")
    try:
        number = float(value)
    except ValueError as error:
        raise BadNumber(value) from error
    if not math.isfinite(number):
        raise BadNumber(value)
    return number


def in_district(lat: float, lon: float) -> bool:
    return (
        DISTRICT_LAT.min <= lat <= DISTRICT_LAT.max and DISTRICT_LON.min <= lon <= DISTRICT_LON.max
    )


def district_box() -> str:
    return f"lat {DISTRICT_LAT.min}–{DISTRICT_LAT.max}, lon {DISTRICT_LON.min}–{DISTRICT_LON.max}"


def clean_phone(value: str) -> str | None:
    """ "+ 39 0536 949713" -> "+39 0536 949713"; None for placeholders such as "+39"."""
    phone = " ".join(value.split())
    phone = re.sub(r"^\+\s*39\s*(?:\+\s*39\s*)?", "+39 ", phone).strip()
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 6 or not _PHONE.match(phone):
        return None
    return phone


def clean_email(value: str) -> str | None:
    email = value.strip()
    try:
        _EMAIL(email)
    except ValidationError:
        return None
    return email


def clean_website(value: str) -> str | None:
    url = value.strip()
    try:
        _WEBSITE(url)
    except ValidationError:
        return None
    return url if len(url) <= 500 else None
