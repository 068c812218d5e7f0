"""Engines and sessions for SQLite (the embedded default) and PostgreSQL."""

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 5000
IMMEDIATE = "distretto_begin_immediate"


def make_engine(url: str, **kwargs: object) -> Engine:
    """An engine with the settings each backend needs to be safe under concurrency."""
    if url.startswith("sqlite"):
        engine = create_engine(url, **kwargs)
        _ensure_folder(engine.url.database)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # pre-ping replaces connections a restart killed; a short connect timeout turns an outage
    # into a quick error (a 503) instead of a hang.
    return create_engine(
        url, pool_pre_ping=True, connect_args={"connect_timeout": 5}, pool_timeout=10, **kwargs
    )


def _ensure_folder(database: str | None) -> None:
    """A fresh clone has no instance folder yet; SQLite cannot create it."""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """Foreign keys on, WAL so readers never block the writer, and a busy timeout.

    pysqlite's own transaction handling is switched off (isolation_level None) so that
    SQLAlchemy emits BEGIN itself: savepoints then work, as SQLAlchemy's docs advise.
    """
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def make_session_factory(engine: Engine, *, writer: bool = False) -> sessionmaker[Session]:
    """Sessions for reads, or for writes (which on SQLite take the write lock at BEGIN)."""
    bind = engine.execution_options(**{IMMEDIATE: True}) if writer else engine
    return sessionmaker(bind=bind, expire_on_commit=False)


def _sqlite_begin(connection) -> None:
    """Writers begin IMMEDIATE (they queue for the write lock instead of failing later)."""
    immediate = connection.get_execution_options().get(IMMEDIATE)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
