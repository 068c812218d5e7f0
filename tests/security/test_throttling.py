"""Findings 5 and 6: throttling that an attacker cannot turn on real users, and that holds.

5. Sign-in failures are counted per account *and* address with a backoff, so guesses from one
   address never lock the account's owner out elsewhere; behind a configured proxy each client
   is its own address, without one forwarded headers are ignored; concurrent guesses on
   PostgreSQL are checked no more often than the limit allows.
6. Requests with a refused API key or token count toward a per-address limit: guessing gets 429.
"""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, or_, select
from sqlalchemy.orm import sessionmaker

from api import create_app
from api.database import EXTENSION
from catalog.access import accounts
from catalog.access.accounts import Throttle, authenticate
from catalog.errors import InvalidCredentials, TooManyAttempts
from catalog.models import LoginFailure, User
from tests.conftest import _PASSWORD, make_user

EDITOR = "ufficio@formigine.example"
ATTACKER, OWNER, PROXY = "203.0.113.9", "198.51.100.7", "10.0.0.1"


def _app(database_url, connection, **config):
    """An app inside the test's transaction, with the given settings."""
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "TESTING": True,
            "SERVER_NAME": "localhost",
            "RATELIMIT_ENABLED": False,
            **config,
        }
    )
    factory = sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    app.extensions[EXTENSION].session_factory = factory
    app.extensions[EXTENSION].write_session_factory = factory
    return app


def _sign_in(client, password, address=None, forwarded_for=None, email=EDITOR):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post(
        "/api/v1/auth/token",
        json={"email": email, "password": password},
        headers=headers,
        environ_base={"REMOTE_ADDR": address} if address else None,
    )


# --- finding 5: sign-in throttling ---------------------------------------------------------


def test_an_attacker_cannot_lock_an_editor_out(client, session):
    make_user(session, EDITOR, "formigine")
    guesses = [_sign_in(client, f"guess {i}", ATTACKER) for i in range(6)]
    assert [r.status_code for r in guesses] == [401] * 5 + [429]
    assert guesses[-1].mimetype == "application/problem+json"
    assert guesses[-1].headers["Retry-After"] == "30"  # a backoff, not a 15-minute lock
    assert _sign_in(client, _PASSWORD, ATTACKER).status_code == 429  # not even checked
    assert _sign_in(client, _PASSWORD, OWNER).status_code == 201  # the owner is not locked out


def test_behind_a_proxy_each_client_is_throttled_on_its_own_address(
    database_url, connection, session
):
    """Every request comes from the proxy; the address it appends is the client's."""
    make_user(session, EDITOR, "formigine")
    client = _app(database_url, connection, DISTRETTO_PROXY_HOPS=1).test_client()
    statuses = [
        # The attacker's own X-Forwarded-For entries come first: only the last hop counts.
        _sign_in(client, "guess", PROXY, f"192.0.2.{i}, {ATTACKER}").status_code
        for i in range(6)
    ]
    assert statuses == [401] * 5 + [429]
    assert _sign_in(client, _PASSWORD, PROXY, OWNER).status_code == 201
    rows = session.scalars(select(LoginFailure.key).where(LoginFailure.scope == "address"))
    assert set(rows) == {ATTACKER, OWNER}


def test_forwarded_headers_are_ignored_without_a_configured_proxy(
    client, database_url, connection, session
):
    """DISTRETTO_PROXY_HOPS=0: a forged X-Forwarded-For dodges neither throttle nor limit."""
    make_user(session, EDITOR, "formigine")
    statuses = [_sign_in(client, "guess", ATTACKER, f"192.0.2.{i}").status_code for i in range(6)]
    assert statuses == [401] * 5 + [429]
    limited = _app(
        database_url,
        connection,
        RATELIMIT_ENABLED=True,
        DISTRETTO_ANONYMOUS_RATE_LIMIT="3 per minute",
    ).test_client()
    reads = [
        limited.get(
            "/api/v1/themes",
            headers={"X-Forwarded-For": f"192.0.2.{i}"},
            environ_base={"REMOTE_ADDR": ATTACKER},
        ).status_code
        for i in range(4)
    ]
    assert reads == [200, 200, 200, 429]


def test_the_backoff_doubles_to_a_cap_and_a_success_starts_afresh(session, monkeypatch):
    make_user(session, EDITOR, "formigine")
    clock = [datetime(2026, 12, 4, 9, 0, tzinfo=UTC)]
    monkeypatch.setattr(accounts, "utcnow", lambda: clock[0])
    throttle = Throttle(
        account_attempts=2, backoff=timedelta(seconds=30), max_backoff=timedelta(seconds=100)
    )

    def attempt(password=None):
        return authenticate(session, EDITOR, password or "wrong", ATTACKER, throttle)

    def wait_after_failing() -> int:
        with pytest.raises(InvalidCredentials):
            attempt()
        with pytest.raises(TooManyAttempts) as refused:
            attempt()
        return refused.value.retry_after

    with pytest.raises(InvalidCredentials):
        attempt()
    waits = [wait_after_failing()]
    for _ in range(3):
        clock[0] += timedelta(seconds=waits[-1])
        waits.append(wait_after_failing())
    assert waits == [30, 60, 100, 100]
    with pytest.raises(TooManyAttempts):
        attempt(_PASSWORD)  # refused unchecked, even right
    clock[0] += timedelta(seconds=100)
    assert attempt(_PASSWORD).email == EDITOR
    with pytest.raises(InvalidCredentials):
        attempt()  # a fresh start: the first failure is not throttled


def test_a_run_of_failures_is_forgotten_after_a_day(session, monkeypatch):
    make_user(session, EDITOR, "formigine")
    clock = [datetime(2026, 12, 4, 9, 0, tzinfo=UTC)]
    monkeypatch.setattr(accounts, "utcnow", lambda: clock[0])
    day = timedelta(hours=24)
    throttle = Throttle(account_attempts=1, backoff=2 * day, max_backoff=2 * day)
    with pytest.raises(InvalidCredentials):
        authenticate(session, EDITOR, "wrong", ATTACKER, throttle)
    clock[0] += day - timedelta(seconds=1)
    with pytest.raises(TooManyAttempts):
        authenticate(session, EDITOR, _PASSWORD, ATTACKER, throttle)
    clock[0] += timedelta(seconds=1)
    assert authenticate(session, EDITOR, _PASSWORD, ATTACKER, throttle).email == EDITOR


@pytest.fixture
def committed_editor(database_url, engine):
    """An editor committed for real, so concurrent requests on their own connections see it."""
    if not database_url.startswith("postgresql"):
        pytest.skip("a PostgreSQL race: SQLite writers queue at BEGIN IMMEDIATE")
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    email, address = "race@formigine.example", "192.0.2.19"
    with factory.begin() as session:
        make_user(session, email, "formigine")
    yield email, address
    with factory.begin() as session:
        session.execute(
            delete(LoginFailure).where(or_(LoginFailure.key == email, LoginFailure.key == address))
        )
        session.execute(delete(User).where(User.email == email))


def test_concurrent_wrong_passwords_are_checked_no_more_than_the_limit(
    database_url, engine, committed_editor, monkeypatch
):
    email, address = committed_editor
    app = create_app(
        {"DATABASE_URL": database_url, "SERVER_NAME": "localhost", "RATELIMIT_ENABLED": False}
    )
    checked, lock = [0], threading.Lock()
    really_matches = accounts._password_matches

    def counting(user, password):
        with lock:
            checked[0] += 1
        return really_matches(user, password)

    monkeypatch.setattr(accounts, "_password_matches", counting)
    attempts = 19
    barrier = threading.Barrier(attempts)
    statuses: list[int] = []

    def guess(i: int) -> None:
        client = app.test_client()
        barrier.wait()
        response = _sign_in(client, f"guess {i}", address, email=email)
        with lock:
            statuses.append(response.status_code)

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    app.extensions[EXTENSION].engine.dispose()

    limit = Throttle().account_attempts
    assert checked[0] == limit, (checked[0], sorted(statuses))
    assert sorted(statuses) == [401] * limit + [429] * (attempts - limit)
    with engine.connect() as connection:
        counted = connection.scalar(
            select(LoginFailure.failures).where(
                LoginFailure.scope == "account", LoginFailure.key == email
            )
        )
    assert counted == limit


# --- finding 6: refused credentials meet a limit ------------------------------------------


def test_guessing_keys_and_tokens_gets_429_per_address(database_url, connection):
    client = _app(database_url, connection, RATELIMIT_ENABLED=True).test_client()
    guesses = [
        {"X-API-Key": f"dsk_guess{i}"} if i % 2 else {"Authorization": f"Bearer dst_guess{i}"}
        for i in range(25)
    ]
    paths = ("/api/v1/themes", "/api/v1/listings", "/api/v1/auth/tokens", "/api/v1/swagger.json")
    answers = [  # one bucket for the address, whichever operation it knocks at
        client.get(paths[i % len(paths)], headers=headers, environ_base={"REMOTE_ADDR": ATTACKER})
        for i, headers in enumerate(guesses)
    ]
    assert [a.status_code for a in answers] == [401] * 20 + [429] * 5  # the default, 20/minute
    refused = answers[-1]
    assert refused.mimetype == "application/problem+json"
    assert int(refused.headers["Retry-After"]) > 0
    # The address's honest reads have their own bucket; another address is not affected.
    assert client.get("/api/v1/themes", environ_base={"REMOTE_ADDR": ATTACKER}).status_code == 200
    elsewhere = client.get(
        "/api/v1/themes", headers=guesses[0], environ_base={"REMOTE_ADDR": OWNER}
    )
    assert elsewhere.status_code == 401
