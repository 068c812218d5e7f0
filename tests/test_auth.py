"""Signing in, tokens stored hashed, revocation, throttling, and the CLI that creates users."""

import hashlib

import pytest
from sqlalchemy import select

from catalog.access.accounts import Throttle, authenticate
from catalog.errors import InvalidCredentials, TooManyAttempts
from catalog.models import ApiToken, User
from tests.conftest import _PASSWORD, make_user


def _login(client, email, password, **headers):
    return client.post(
        "/api/v1/auth/token", json={"email": email, "password": password}, headers=headers
    )


def test_sign_in_gives_a_bearer_token_stored_only_as_a_digest(client, session):
    make_user(session, "ufficio@maranello.example", "maranello")
    response = _login(client, "Ufficio@Maranello.example ", _PASSWORD)
    assert response.status_code == 201
    body = response.get_json()
    assert body["token_type"] == "Bearer" and body["token"].startswith("dst_")
    stored = session.scalar(select(ApiToken).where(ApiToken.id == body["id"]))
    assert stored.digest == hashlib.sha256(body["token"].encode()).hexdigest()
    assert body["token"] not in repr(session.execute(select(ApiToken.__table__)).all())
    mine = client.get("/api/v1/auth/tokens", headers={"Authorization": f"Bearer {body['token']}"})
    assert [t["id"] for t in mine.get_json()["items"]] == [body["id"]]
    assert mine.get_json()["items"][0]["current"] is True


def test_passwords_are_hashed_with_argon2(session):
    user = make_user(session, "hash@example.org", "formigine")
    assert user.password_hash.startswith("$argon2")
    assert _PASSWORD not in user.password_hash


def test_wrong_password_and_unknown_email_get_the_same_answer(client, session):
    make_user(session, "ufficio@sassuolo.example", "sassuolo")
    wrong = _login(client, "ufficio@sassuolo.example", "not the password")
    unknown = _login(client, "nobody@sassuolo.example", "not the password")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.get_json() == unknown.get_json()
    assert wrong.headers["WWW-Authenticate"].startswith("Bearer")


def test_failed_logins_are_throttled_per_account(client, session):
    make_user(session, "ufficio@scandiano.example", "scandiano")
    statuses = [_login(client, "ufficio@scandiano.example", "wrong").status_code for _ in range(6)]
    assert statuses == [401] * 5 + [429]
    locked = _login(client, "ufficio@scandiano.example", _PASSWORD)
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0


def test_failed_logins_are_throttled_per_address(session):
    """A generous cap over all emails (100 an hour; 3 here, as each guess costs an argon2 hash)."""
    throttle = Throttle(address_attempts=3)
    assert Throttle().address_attempts == 100
    for i in range(3):
        with pytest.raises(InvalidCredentials):
            authenticate(session, f"someone{i}@example.org", "wrong", "192.0.2.1", throttle)
    make_user(session, "ufficio@casalgrande.example", "casalgrande")
    with pytest.raises(TooManyAttempts) as refused:
        authenticate(session, "ufficio@casalgrande.example", _PASSWORD, "192.0.2.1", throttle)
    assert 3590 < refused.value.retry_after <= 3600
    other = authenticate(session, "ufficio@casalgrande.example", _PASSWORD, "192.0.2.2", throttle)
    assert other.email == "ufficio@casalgrande.example"


def test_revoked_and_unknown_tokens_are_refused(client, tokens):
    headers = tokens["maranello"]
    assert client.get("/api/v1/auth/tokens", headers=headers).status_code == 200
    assert client.delete("/api/v1/auth/token", headers=headers).status_code == 204
    again = client.get("/api/v1/auth/tokens", headers=headers)
    assert again.status_code == 401 and again.mimetype == "application/problem+json"
    bogus = {"Authorization": "Bearer dst_not-a-real-token"}
    assert client.get("/api/v1/listings", headers=bogus).status_code == 401
    assert (
        client.get("/api/v1/listings", headers={"Authorization": "Basic eDp5"}).status_code == 401
    )


def test_revoking_another_token_of_your_own(client, tokens, session):
    listed = client.get("/api/v1/auth/tokens", headers=tokens["admin"]).get_json()["items"]
    other = session.scalar(select(User).where(User.email == "maranello@example.org"))
    foreign = session.scalar(select(ApiToken).where(ApiToken.user_id == other.id))
    assert (
        client.delete(f"/api/v1/auth/tokens/{foreign.id}", headers=tokens["admin"]).status_code
        == 404
    )
    assert (
        client.delete(f"/api/v1/auth/tokens/{listed[0]['id']}", headers=tokens["admin"]).status_code
        == 204
    )


def test_the_cli_creates_users_with_the_password_from_the_environment(app, session):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "users",
            "create",
            "cli@maranello.example",
            "--organisation",
            "maranello",
            "--role",
            "editor",
        ],
        env={"DISTRETTO_PASSWORD": "a long enough password"},
    )
    assert result.exit_code == 0, result.output
    user = session.scalar(select(User).where(User.email == "cli@maranello.example"))
    assert user.role == "editor" and user.password_hash.startswith("$argon2")
    bad = runner.invoke(
        args=["users", "create", "x@example.org", "--organisation", "atlantis", "--role", "editor"],
        env={"DISTRETTO_PASSWORD": "a long enough password"},
    )
    assert bad.exit_code != 0 and "organisation" in bad.output
