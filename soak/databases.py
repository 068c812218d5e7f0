"""What the clients work on: the seeded catalogue, in one of the scratch databases of
harness/databases.py, and one editor per town."""

import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.read_model import build_documents
from catalog.access.accounts import create_user
from catalog.data.seeding import load_seeds
from catalog.db import make_engine
from catalog.migrate import upgrade
from catalog.models import Listing, Municipality

EDITOR_TOWNS = ("sassuolo", "fiorano-modenese", "formigine", "maranello")
"""Casalgrande and Scandiano are only read: their ETags stay, so conditional GETs get 304."""


@dataclass(frozen=True)
class Editor:
    town: str
    email: str
    password: str


@dataclass(frozen=True)
class Catalogue:
    """What the clients need to know: who edits what, what the public can read."""

    editors: tuple[Editor, ...]
    town_listings: dict[str, tuple[str, ...]]
    """Slugs of each editor town's listings (the ones its editor writes)."""
    published: tuple[str, ...]
    stable: tuple[str, ...]
    """Published listings of the towns no editor writes: their ETags do not change."""
    centres: tuple[tuple[float, float], ...]


def prepare(url: str) -> Catalogue:
    """Migrate, seed, create one editor per town; what the clients will work on."""
    engine = make_engine(url)
    try:
        upgrade(engine)
        with Session(engine) as session:
            load_seeds(session)
            editors = tuple(
                Editor(town, f"soak-{town}@soak.example", secrets.token_urlsafe(18))
                for town in EDITOR_TOWNS
            )
            for editor in editors:
                create_user(session, editor.email, editor.password, editor.town, "editor")
            session.commit()
            catalogue = _catalogue(session, editors)
        build_documents(url)  # the read model, as `flask seed` builds it
        return catalogue
    finally:
        engine.dispose()


def _catalogue(session: Session, editors: tuple[Editor, ...]) -> Catalogue:
    rows = session.execute(
        select(Listing.slug, Listing.status, Municipality.slug.label("town"))
        .join(Municipality, Municipality.id == Listing.municipality_id)
        .order_by(Listing.id)
    ).all()
    towns = {editor.town for editor in editors}
    town_listings = {
        town: tuple(row.slug for row in rows if row.town == town) for town in sorted(towns)
    }
    centres = tuple(session.execute(select(Municipality.lat, Municipality.lon)).tuples())
    return Catalogue(
        editors=editors,
        town_listings=town_listings,
        published=tuple(row.slug for row in rows if row.status == "published"),
        stable=tuple(
            row.slug for row in rows if row.status == "published" and row.town not in towns
        ),
        centres=centres,
    )
