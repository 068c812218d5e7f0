"""One SQLAlchemy session per request, closed when the request ends."""

from flask import Flask, current_app, g, request
from sqlalchemy.orm import Session, sessionmaker

from catalog.db import make_engine, make_session_factory

EXTENSION = "distretto.db"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class Database:
    """The primary, and optionally a read replica for anonymous reads (DATABASE_READ_URL)."""

    def __init__(self, url: str, read_url: str | None = None) -> None:
        self.engine = make_engine(url)
        self.session_factory: sessionmaker[Session] = make_session_factory(self.engine)
        self.write_session_factory: sessionmaker[Session] = make_session_factory(
            self.engine, writer=True
        )
        self.replica_session_factory: sessionmaker[Session] | None = (
            make_session_factory(make_engine(read_url)) if read_url else None
        )


def init_database(app: Flask) -> Database:
    database = Database(app.config["DATABASE_URL"], app.config.get("DATABASE_READ_URL"))
    app.extensions[EXTENSION] = database
    app.teardown_appcontext(_close_session)
    return database


def get_database() -> Database:
    return current_app.extensions[EXTENSION]


def get_session() -> Session:
    """The request's session; requests that write get one that begins as a writer."""
    if "db_session" not in g:
        g.db_session = _factory(get_database())()
    return g.db_session


def _factory(database: Database) -> sessionmaker[Session]:
    """Anonymous reads may go to the replica: the page and the catalogue version that
    validates it then come from the same snapshot, so a lagging replica serves an older page
    under its own older ETag, never a stale page under a new one. Signed-in reads stay on
    the primary: an editor reads what they just wrote."""
    if request.method not in SAFE_METHODS:
        return database.write_session_factory
    anonymous = not (request.headers.get("Authorization") or request.headers.get("X-API-Key"))
    if database.replica_session_factory is not None and anonymous:
        return database.replica_session_factory
    return database.session_factory


def commit() -> None:
    get_session().commit()


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
