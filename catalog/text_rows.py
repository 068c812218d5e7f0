"""Per-language text rows kept in step with an editor's `translations`: listings, events and
packages store their texts the same way, so they are written the same way.
"""

from collections.abc import Callable

from catalog.sanitize import plain_text, rich_text

TEXT_CLEANERS: dict[str, Callable] = {
    "name": plain_text,
    "summary": plain_text,
    "description": rich_text,
}


def sync_text_rows(rows: list, wanted: dict[str, dict], model, cleaners=TEXT_CLEANERS) -> None:
    """Drop languages no longer wanted, add new ones, and touch only the fields that changed
    (so an unchanged save writes nothing)."""
    current = {row.lang: row for row in rows}
    for lang, row in current.items():
        if lang not in wanted:
            rows.remove(row)
    for lang, texts in wanted.items():
        values = {name: clean(texts.get(name)) for name, clean in cleaners.items()}
        row = current.get(lang)
        if row is None:
            rows.append(model(lang=lang, **values))
            continue
        for name, value in values.items():
            if getattr(row, name) != value:
                setattr(row, name, value)
