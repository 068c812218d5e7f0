"""Scratch databases, so that a run never writes to the developer's database or to seeds/:
a fresh SQLite file in a temporary folder, or a database of its own, created and dropped on the
PostgreSQL server DATABASE_URL points at (the URL's own database is never touched)."""

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from catalog.db import make_engine


def is_postgres(url: str | None) -> bool:
    return bool(url) and make_url(url).get_backend_name() == "postgresql"


@contextmanager
def sqlite_database(name: str) -> Iterator[str]:
    """A URL to a fresh SQLite file; the folder is removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix=f"distretto-{name}-"))
    try:
        yield f"sqlite:///{folder / f'{name}.sqlite3'}"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def postgres_database(server_url: str, database: str) -> Iterator[str]:
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


def server_version(url: str) -> tuple[str, str]:
    """("PostgreSQL" or "SQLite", its version): the figures depend on it."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "postgresql":
                return "PostgreSQL", connection.exec_driver_sql("SHOW server_version").scalar()
            return "SQLite", connection.exec_driver_sql("SELECT sqlite_version()").scalar()
    finally:
        engine.dispose()
