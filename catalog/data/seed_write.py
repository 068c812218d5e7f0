"""Seeds write through the write core, as a system author: every kind gets the same version
bump and revision when a seed changes it, and nothing when it does not."""

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
