"""How seeds write. Editable kinds go through the write core, as a system author: the same
version bump and revision when a seed changes them, and nothing when it does not. Reference
data no editor changes (towns, organisations, campaigns) is assigned in place, reporting
whether anything changed."""

from sqlalchemy.orm import Session

from catalog.editable import Kind, system_upsert
from catalog.errors import InvalidData, SeedError
from catalog.revisions import Author

SEED_AUTHOR = Author(None, "seed loader")


def seed_write(session: Session, kind: Kind, slug: str, state: dict, where: str) -> str:
    """created, updated or unchanged; a seed the kind refuses is a SeedError naming it."""
    try:
        return system_upsert(session, kind, slug, state, SEED_AUTHOR, "seed")
    except InvalidData as error:
        raise SeedError(f"{where}: {error.errors}") from None


def assign(entity, values: dict) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(entity, name) != value:
            setattr(entity, name, value)
            changed = True
    return changed


def sync_texts(rows: list, wanted: dict[str, dict], model) -> bool:
    """Add or change the languages the seeds give; others (an editor's) are kept."""
    current = {row.lang: row for row in rows}
    changed = False
    for lang, texts in wanted.items():
        values = {name: texts.get(name) for name in model.TEXT_FIELDS}
        if lang in current:
            changed |= assign(current[lang], values)
        else:
            rows.append(model(lang=lang, **values))
            changed = True
    return changed
