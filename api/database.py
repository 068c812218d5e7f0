"""One SQLAlchemy session per request, closed when the request ends."""

from flask import Flask, current_app, g
from sqlalchemy.orm import Session, sessionmaker

from catalog.db import make_engine, make_session_factory

EXTENSION = "distretto.db"


class Database:
    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        self.session_factory: sessionmaker[Session] = make_session_factory(self.engine)


def init_database(app: Flask) -> Database:
    database = Database(app.config["DATABASE_URL"])
    app.extensions[EXTENSION] = database
    app.teardown_appcontext(_close_session)
    return database


def get_database() -> Database:
    return current_app.extensions[EXTENSION]


def get_session() -> Session:
    if "db_session" not in g:
        g.db_session = get_database().session_factory()
    return g.db_session


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
