"""The soak's own databases: a temporary SQLite file, or `distretto_soak` on the PostgreSQL
server DATABASE_URL points at (created and dropped with an AUTOCOMMIT connection to the
server's `postgres` database; the URL's own database is never touched)."""

import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from catalog.accounts import create_user
from catalog.db import make_engine
from catalog.migrate import upgrade
from catalog.models import Listing, Municipality
from catalog.seeding import load_seeds

SOAK_DATABASE = "distretto_soak"
ADMIN_DATABASES = ("postgres", "template1")
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


def is_postgres(url: str | None) -> bool:
    return bool(url) and make_url(url).get_backend_name() == "postgresql"


@contextmanager
def sqlite_database() -> Iterator[str]:
    folder = Path(tempfile.mkdtemp(prefix="distretto-soak-"))
    try:
        yield f"sqlite:///{folder / 'soak.sqlite3'}"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def postgres_database(server_url: str) -> Iterator[str]:
    url = make_url(server_url)
    admin = _admin_engine(server_url)
    drop = f"DROP DATABASE IF EXISTS {SOAK_DATABASE} WITH (FORCE)"
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(drop)
            connection.exec_driver_sql(f"CREATE DATABASE {SOAK_DATABASE}")
        yield url.set(database=SOAK_DATABASE).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(drop)
        admin.dispose()


def _admin_engine(server_url: str) -> Engine:
    url = make_url(server_url)
    for database in ADMIN_DATABASES:
        engine = make_engine(
            url.set(database=database).render_as_string(hide_password=False),
            isolation_level="AUTOCOMMIT",
        )
        try:
            with engine.connect():
                return engine
        except Exception:
            engine.dispose()
    raise SystemExit(f"cannot reach {', '.join(ADMIN_DATABASES)} on {url.host}:{url.port}")


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
            return _catalogue(session, editors)
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


def server_version(url: str) -> str:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "postgresql":
                return "PostgreSQL " + connection.exec_driver_sql("SHOW server_version").scalar()
            return "SQLite " + connection.exec_driver_sql("SELECT sqlite_version()").scalar()
    finally:
        engine.dispose()
