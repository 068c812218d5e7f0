"""The benchmark's own databases: a fresh SQLite file in a temp dir, or `distretto_bench` on
the PostgreSQL server DATABASE_URL points at. Never the developer's database, never seeds/.
"""

import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, func, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from bench import synthetic
from catalog import freshness
from catalog.db import make_engine
from catalog.migrate import upgrade
from catalog.models import (
    Listing,
    ListingName,
    ListingSearch,
    ListingTag,
    ListingTheme,
    ListingTranslation,
    Municipality,
    MunicipalityTranslation,
    Organisation,
)
from catalog.seeding import load_seeds

BENCH_DATABASE = "distretto_bench"
TABLES = (
    ("listings", Listing.__table__),
    ("translations", ListingTranslation.__table__),
    ("themes", ListingTheme.__table__),
    ("tags", ListingTag.__table__),
    ("search", ListingSearch.__table__),
    ("names", ListingName.__table__),
)


@dataclass(frozen=True)
class LoadReport:
    listings: int
    seeded_listings: int
    seconds: float
    seconds_generating: float
    """Of `seconds`, the time spent making rows in Python (mostly search documents)."""


def is_postgres(url: str | None) -> bool:
    return bool(url) and make_url(url).get_backend_name() == "postgresql"


@contextmanager
def sqlite_database(name: str = "bench") -> Iterator[str]:
    """A URL to a fresh SQLite file; the folder is removed afterwards (soak/ uses it too)."""
    folder = Path(tempfile.mkdtemp(prefix=f"distretto-{name}-"))
    try:
        yield f"sqlite:///{folder / f'{name}.sqlite3'}"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def postgres_database(server_url: str, database: str = BENCH_DATABASE) -> Iterator[str]:
    """A URL to `database`, created on the server of `server_url` and dropped after."""
    scratch_url = make_url(server_url).set(database=database)
    admin = _admin_engine(server_url)
    try:
        _recreate(admin, database)
        yield scratch_url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        admin.dispose()


def _admin_engine(server_url: str) -> Engine:
    """AUTOCOMMIT on the server's `postgres` database (else the URL's own), to CREATE/DROP."""
    url = make_url(server_url)
    for database in ("postgres", url.database):
        engine = make_engine(
            url.set(database=database).render_as_string(hide_password=False),
            isolation_level="AUTOCOMMIT",
        )
        try:
            with engine.connect():
                return engine
        except Exception:
            engine.dispose()
            if database == url.database:
                raise
    raise AssertionError("unreachable")


def _recreate(admin: Engine, database: str) -> None:
    with admin.connect() as connection:
        connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        connection.exec_driver_sql(f"CREATE DATABASE {database}")


def build_catalogue(url: str, listings: int) -> LoadReport:
    """Migrate, load the real seeds, then bulk-insert `listings` synthetic ones."""
    engine = make_engine(url)
    started = time.perf_counter()
    generating = 0.0
    try:
        upgrade(engine)
        with Session(engine) as session:
            load_seeds(session)
            session.commit()
            seeded = session.scalar(select(func.count()).select_from(Listing)) or 0
            first_id = (session.scalar(select(func.max(Listing.id))) or 0) + 1
            rows = synthetic.batches(listings, _towns(session), first_id)
            while True:
                tick = time.perf_counter()
                batch = next(rows, None)
                generating += time.perf_counter() - tick
                if batch is None:
                    break
                for name, table in TABLES:
                    session.execute(insert(table), getattr(batch, name))
            freshness.bump(session)
            session.commit()
        _settle(engine)
        return LoadReport(listings, seeded, time.perf_counter() - started, generating)
    finally:
        engine.dispose()


def _towns(session: Session) -> list[synthetic.Town]:
    """The six seeded towns, each with its Italian name and its tourism office."""
    offices = {
        row.slug: row.id for row in session.execute(select(Organisation.slug, Organisation.id))
    }
    rows = session.execute(
        select(Municipality.id, Municipality.slug, MunicipalityTranslation.name)
        .join(MunicipalityTranslation)
        .where(MunicipalityTranslation.lang == "it")
        .order_by(Municipality.slug)
    )
    return [synthetic.Town(row.id, row.slug, row.name, offices[row.slug]) for row in rows]


def _settle(engine: Engine) -> None:
    """What a live database would have done by itself soon after such a load.

    PostgreSQL: move the id sequence past the inserted ids, and ANALYZE (autovacuum would).
    SQLite: fold the WAL back into the file.
    """
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence('listings', 'id'), "
                    "(SELECT max(id) FROM listings))"
                )
            )
            connection.commit()
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
        else:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
