"""Faults: the database away, connections killed, writers queueing, a read-only or full file.

Requests during an outage get a quick 503 problem+json (never a hang or a stack trace);
service comes back by itself; no acknowledged write is lost.
"""

import sqlite3
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import sessionmaker

from api import create_app
from catalog import editable
from catalog.access.accounts import actor_for_user, issue_token, load_user
from catalog.listings.kind import LISTING
from catalog.models import ApiToken, Listing, Revision, User
from tests.conftest import make_user
from tests.test_editing import NEW


def _app(url, **config):
    return create_app(
        {"DATABASE_URL": url, "SERVER_NAME": "localhost", "RATELIMIT_ENABLED": False, **config}
    )


def test_an_unreachable_database_is_a_quick_503(tmp_path):
    unreachable = "postgresql+psycopg://postgres@127.0.0.1:1/none"
    client = _app(unreachable).test_client()
    started = time.monotonic()
    response = client.get("/api/v1/listings")
    assert time.monotonic() - started < 10
    assert response.status_code == 503 and response.mimetype == "application/problem+json"
    assert response.headers["Retry-After"] == "5"
    assert "Traceback" not in response.get_data(as_text=True)


@pytest.fixture
def postgres(database_url, engine):
    if not database_url.startswith("postgresql"):
        pytest.skip("a PostgreSQL fault: runs in the PostgreSQL leg")
    return database_url


def test_killed_connections_are_replaced_without_failing_a_request(postgres, engine):
    app = _app(postgres)
    client = app.test_client()
    assert client.get("/api/v1/themes").status_code == 200  # the pool now holds a connection
    with engine.connect() as connection:
        killed = connection.scalar(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                "AND application_name = ''"
            )
        )
    assert killed >= 1
    statuses = [client.get("/api/v1/listings?limit=5").status_code for _ in range(5)]
    assert statuses == [200] * 5
    app.extensions["distretto.db"].engine.dispose()


@pytest.fixture
def writers(database_url, engine):
    """Committed editors and drafts (the test is about real concurrent transactions)."""
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    made = []
    with factory.begin() as session:
        user = make_user(session, "writers@example.org", "maranello")
        secret = issue_token(session, user, timedelta(hours=1)).secret
        actor = actor_for_user(load_user(session, user.id))
        for i in range(6):
            made.append(editable.create(session, LISTING, actor, {**NEW}, f"scrittura-{i}").id)
        user_id = user.id
    yield {"Authorization": f"Bearer {secret}"}, made
    with factory.begin() as session:
        session.execute(delete(Revision).where(Revision.entity_id.in_(made)))
        for listing_id in made:
            session.delete(session.get(Listing, listing_id))
        session.execute(delete(ApiToken).where(ApiToken.user_id == user_id))
        session.execute(delete(User).where(User.id == user_id))


def test_concurrent_writers_queue_and_lose_nothing(database_url, engine, writers):
    headers, ids = writers
    app = _app(database_url)
    acknowledged: list[tuple[int, str]] = []
    errors: list[int] = []
    lock = threading.Lock()

    def write(listing_id: int) -> None:
        client = app.test_client()
        for n in range(4):
            url = f"/api/v1/listings/{listing_id}"
            etag = client.get(url, headers=headers).headers["ETag"]
            summary = f"writer {listing_id} #{n}"
            response = client.put(
                url + "/translations/en",
                json={"name": "Test tower", "summary": summary},
                headers={**headers, "If-Match": etag},
            )
            with lock:
                (acknowledged.append((listing_id, summary)) if response.status_code == 200
                 else errors.append(response.status_code))  # fmt: skip

    threads = [threading.Thread(target=write, args=(listing_id,)) for listing_id in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == [] and len(acknowledged) == 4 * len(ids)
    with engine.connect() as connection:
        translations = connection.scalar(
            select(func.count())
            .select_from(Revision)
            .where(Revision.entity_id.in_(ids), Revision.action == "translate")
        )
    assert translations == len(acknowledged)
    app.extensions["distretto.db"].engine.dispose()


def _copy_sqlite(source_url: str, target) -> str:
    source = sqlite3.connect(source_url.removeprefix("sqlite:///"))
    destination = sqlite3.connect(target)
    source.backup(destination)
    source.close()
    destination.close()
    return str(target)


def test_a_read_only_database_serves_reads_and_refuses_writes_with_503(database_url, tmp_path):
    if not database_url.startswith("sqlite"):
        pytest.skip("a read-only SQLite file")
    path = _copy_sqlite(database_url, tmp_path / "ro.sqlite3")
    app = _app(f"sqlite:///file:{path}?mode=ro&uri=true")
    client = app.test_client()
    assert client.get("/api/v1/listings?limit=3").status_code == 200
    response = client.post("/api/v1/auth/token", json={"email": "x@example.org", "password": "y"})
    assert response.status_code == 503 and response.mimetype == "application/problem+json"
    assert client.get("/api/v1/municipalities").status_code == 200


def test_a_full_database_refuses_writes_with_503(database_url, tmp_path):
    if not database_url.startswith("sqlite"):
        pytest.skip("a full SQLite file")
    from sqlalchemy import event

    path = _copy_sqlite(database_url, tmp_path / "full.sqlite3")
    app = _app(f"sqlite:///{path}")
    database = app.extensions["distretto.db"]
    with database.session_factory.begin() as session:
        user = make_user(session, "full@example.org", "maranello")
        headers = {
            "Authorization": f"Bearer {issue_token(session, user, timedelta(hours=1)).secret}"
        }

    @event.listens_for(database.engine, "connect")
    def _no_room(dbapi_connection, _record):
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    database.engine.dispose()
    client = app.test_client()
    assert client.get("/api/v1/listings?limit=3").status_code == 200
    long_text = {"name": "Torre", "description": "parola " * 500}
    statuses = [
        client.post(
            "/api/v1/listings",
            json={**NEW, "slug": f"piena-{i}", "translations": {"it": long_text, "en": long_text}},
            headers=headers,
        ).status_code
        for i in range(10)
    ]
    assert 503 in statuses and 500 not in statuses
    assert client.get("/api/v1/listings?limit=3").status_code == 200  # reads still work
