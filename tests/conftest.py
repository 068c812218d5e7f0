"""One schema per test session (migrated and seeded once), one rolled-back transaction per test.

The suite runs on SQLite by default and on PostgreSQL when DATABASE_URL points at it. Where
PostgreSQL is asked for but unreachable, a developer's run skips; under CI it fails loudly.
"""

import os
from contextlib import contextmanager

import pytest
from sqlalchemy import event, text
from sqlalchemy.orm import sessionmaker

from api import create_app
from api.database import EXTENSION
from api.read_model import store as read_model
from catalog import migrate
from catalog.data.seeding import load_seeds
from catalog.db import make_engine

TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    if url.startswith("postgresql"):
        _require_postgres(url)
    return url


def _require_postgres(url: str) -> None:
    engine = make_engine(url)
    try:
        with engine.connect():
            pass
    except Exception as error:  # any driver error means the server is not there
        message = f"PostgreSQL at {engine.url.render_as_string()} is unreachable: {error}"
        if os.environ.get("CI"):
            pytest.exit(message, returncode=3)
        pytest.skip(message, allow_module_level=True)
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def engine(database_url):
    engine = make_engine(database_url)
    _reset_schema(engine)
    migrate.upgrade(engine)
    seeding_app = create_app({"DATABASE_URL": database_url, "SERVER_NAME": "localhost"})
    with seeding_app.app_context(), sessionmaker(bind=engine).begin() as session:
        load_seeds(session)
        read_model.rebuild(session)
    yield engine
    engine.dispose()


def _reset_schema(engine) -> None:
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))


@pytest.fixture
def connection(engine):
    with engine.connect() as connection:
        transaction = connection.begin()
        yield connection
        transaction.rollback()


@pytest.fixture
def session(connection):
    """A domain session inside the test's transaction: what it writes is rolled back."""
    factory = sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    with factory() as session:
        yield session


@pytest.fixture
def app(database_url, connection):
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "TESTING": True,
            "SERVER_NAME": "localhost",
            "RATELIMIT_ENABLED": False,  # tests/test_rate_limits.py turns it on
        }
    )
    factory = sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    app.extensions[EXTENSION].session_factory = factory
    app.extensions[EXTENSION].write_session_factory = factory
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def rerender(app, session):
    """Rows a test changed behind the write core (as old code or a migration leaves them)
    reach the read model the way an operator brings them: `flask read-model rebuild`."""

    def rerender() -> None:
        session.flush()
        with app.app_context():
            read_model.rebuild(session)

    return rerender


@pytest.fixture
def count_queries(engine):
    """`with count_queries() as counted:` ... `counted.value` is the SQL statements issued."""

    class Counter:
        value = 0
        statements: list[str] = []

    @contextmanager
    def counting():
        counter = Counter()
        counter.statements = []

        def before(conn, cursor, statement, parameters, context, executemany):
            if not statement.lstrip().upper().startswith(TRANSACTION_CONTROL):
                counter.value += 1
                counter.statements.append(statement)

        event.listen(engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", before)

    return counting


def pytest_report_header(config) -> str:
    url = os.environ.get("DATABASE_URL")
    shown = make_engine(url).url.render_as_string() if url else "SQLite (temporary file)"
    return f"database: {shown}"


# --- editors -----------------------------------------------------------------------------


_PASSWORD = "correct horse battery staple"
_HASHES: dict[str, str] = {}


def password_hash() -> str:
    """One real argon2 hash per session: hashing per test would dominate the suite's time."""
    if "hash" not in _HASHES:
        from catalog.access.accounts import hash_password

        _HASHES["hash"] = hash_password(_PASSWORD)
    return _HASHES["hash"]


def make_user(session, email: str, organisation: str, role: str = "editor"):
    from sqlalchemy import select

    from catalog.models import Organisation, User

    org = session.scalar(select(Organisation).where(Organisation.slug == organisation))
    user = User(email=email, password_hash=password_hash(), role=role, organisation_id=org.id)
    session.add(user)
    session.flush()
    return user


@pytest.fixture
def tokens(session):
    """Bearer headers for: anonymous, the Maranello and Sassuolo offices, a district admin."""
    from datetime import timedelta

    from catalog.access.accounts import issue_token

    headers = {"anonymous": {}}
    for name, org, role in (
        ("maranello", "maranello", "editor"),
        ("sassuolo", "sassuolo", "editor"),
        ("admin", "distretto", "admin"),
    ):
        user = make_user(session, f"{name}@example.org", org, role)
        secret = issue_token(session, user, timedelta(hours=1)).secret
        headers[name] = {"Authorization": f"Bearer {secret}"}
    return headers
