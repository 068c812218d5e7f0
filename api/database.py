"""One SQLAlchemy session per request, closed when the request ends."""

from flask import Flask, current_app, g, request
from sqlalchemy.orm import Session, sessionmaker

from catalog.db import make_engine, make_session_factory

EXTENSION = "distretto.db"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class Database:
    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        self.session_factory: sessionmaker[Session] = make_session_factory(self.engine)
        self.write_session_factory: sessionmaker[Session] = make_session_factory(
            self.engine, writer=True
        )


def init_database(app: Flask) -> Database:
    database = Database(app.config["DATABASE_URL"])
    app.extensions[EXTENSION] = database
    app.teardown_appcontext(_close_session)
    return database


def get_database() -> Database:
    return current_app.extensions[EXTENSION]


def get_session() -> Session:
    """The request's session; requests that write get one that begins as a writer."""
    if "db_session" not in g:
        database = get_database()
        writes = request.method not in SAFE_METHODS
        factory = database.write_session_factory if writes else database.session_factory
        g.db_session = factory()
    return g.db_session


def commit() -> None:
    get_session().commit()


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
