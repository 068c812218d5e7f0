"""Per-language text rows kept in step with an editor's `translations`: every kind stores its
texts the same way (catalog/models/base.py `Texts`), so they are written the same way.
"""

from collections.abc import Callable

from catalog.errors import InvalidData
from catalog.i18n.messages import Message
from catalog.sanitize import plain_text, rich_text

RICH_TEXTS: dict[str, Callable] = {"description": rich_text}
"""The fields that keep a small HTML allowlist; every other text is plain."""


def clean_texts(texts: dict, model, lang: str) -> dict:
    """Every text through its policy (catalog/sanitize.py); a name that was only markup is
    refused rather than stored empty."""
    cleaned = {
        name: RICH_TEXTS.get(name, plain_text)(texts.get(name)) for name in model.TEXT_FIELDS
    }
    if texts.get("name") and not cleaned.get("name"):
        raise InvalidData(
            {f"translations.{lang}.name": [Message("Must contain text, not only markup.")]}
        )
    return cleaned


def read_text_rows(rows: list) -> dict[str, dict]:
    """{lang: {field: text}} in language order: the shape editors write and revisions keep."""
    return {
        row.lang: {name: getattr(row, name) for name in row.TEXT_FIELDS}
        for row in sorted(rows, key=lambda row: row.lang)
    }


def sync_text_rows(rows: list, wanted: dict[str, dict], model) -> None:
    """Drop languages no longer wanted, add new ones, and touch only the fields that changed
    (so an unchanged save writes nothing)."""
    current = {row.lang: row for row in rows}
    for lang, row in current.items():
        if lang not in wanted:
            rows.remove(row)
    for lang, texts in wanted.items():
        values = clean_texts(texts, model, lang)
        row = current.get(lang)
        if row is None:
            rows.append(model(lang=lang, **values))
            continue
        for name, value in values.items():
            if getattr(row, name) != value:
                setattr(row, name, value)
