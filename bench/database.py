"""The benchmark's catalogue: the real seeds and the synthetic listings, loaded into one of
the scratch databases of harness/databases.py."""

import time
from dataclasses import dataclass

from sqlalchemy import Engine, func, insert, select, text
from sqlalchemy.orm import Session

from api.read_model import build_documents
from bench import synthetic
from catalog import freshness
from catalog.data.seeding import load_seeds
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
    seconds_read_model: float = 0.0
    """After the load: `flask read-model rebuild` (every listing rendered in 9 languages)."""


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
        loaded = time.perf_counter() - started
        rendering = _build_read_model(url)
        _settle(engine)
        return LoadReport(listings, seeded, loaded, generating, rendering)
    finally:
        engine.dispose()


def _build_read_model(url: str) -> float:
    """The documents every read is served from, as an operator builds them after a load."""
    started = time.perf_counter()
    build_documents(url)
    return time.perf_counter() - started


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

    PostgreSQL: move the id sequence past the inserted ids, and VACUUM ANALYZE (autovacuum
    would: statistics, and the visibility map that lets index-only scans skip the table).
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
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                "VACUUM ANALYZE"
            )
        else:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
