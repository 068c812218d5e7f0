"""Finding 10 (low): weak passwords and malformed emails were accepted, and an account could
not be off-boarded. Now a password policy and an email check hold in the domain (the CLI and
the admin API both go through it), and admins or the command line deactivate accounts, reset
passwords and revoke tokens.
"""

import pytest
from sqlalchemy import func, select

from catalog.access.accounts import create_user
from catalog.errors import InvalidData
from catalog.models import ApiToken, User
from tests.conftest import _PASSWORD

STRONG = "gelso tramonto ceramica 47"
WEAK = [
    " " * 12,  # the review's: twelve spaces
    "aaaaaaaaaaaa",  # the review's: a repeat
    "\t \n" * 5,  # whitespace of other kinds
    "password1234",  # a common password
    "qwertyuiop12",  # a keyboard walk
    "123456789012",  # a sequence
    "maranello2015",  # the account's own organisation, and a year
    "ufficio.maranello",  # the account's own email
    "short",
    "x" * 129,
]


def _create(app, email, password, organisation="maranello"):
    return app.test_cli_runner().invoke(
        args=["users", "create", email, "--organisation", organisation, "--role", "editor"],
        env={"DISTRETTO_PASSWORD": password},
    )


def _users(session, email) -> int:
    return session.scalar(select(func.count()).select_from(User).where(User.email == email))


@pytest.mark.parametrize("password", WEAK)
def test_the_cli_refuses_weak_passwords(app, session, password):
    result = _create(app, "ufficio@maranello.example", password)
    assert result.exit_code != 0 and "password:" in result.output
    assert _users(session, "ufficio@maranello.example") == 0


@pytest.mark.parametrize("email", ["not-an-email", "a@b", "two@at@example.org", "a b@c.it", ""])
def test_the_cli_refuses_malformed_emails(app, session, email):
    result = _create(app, email, STRONG)
    assert result.exit_code != 0 and "email:" in result.output
    assert session.scalar(select(func.count()).select_from(User).where(User.email == email)) == 0


def test_a_strong_password_and_a_real_email_are_accepted(app, session):
    result = _create(app, " Ufficio@Maranello.example", STRONG)
    assert result.exit_code == 0, result.output
    assert _users(session, "ufficio@maranello.example") == 1


def test_the_policy_holds_in_the_domain(session):
    with pytest.raises(InvalidData) as refused:
        create_user(session, "not-an-email", " " * 12, "maranello", "editor")
    assert set(refused.value.errors) == {"email", "password"}


# --- off-boarding through the admin API ---------------------------------------------------


def _login(client, email, password):
    return client.post("/api/v1/auth/token", json={"email": email, "password": password})


def _id(session, email) -> int:
    return session.scalar(select(User.id).where(User.email == email))


def _works(client, headers) -> bool:
    return client.get("/api/v1/auth/tokens", headers=headers).status_code == 200


def test_a_deactivated_account_cannot_sign_in_and_its_tokens_stop_working(client, tokens, session):
    target = _id(session, "maranello@example.org")
    assert _works(client, tokens["maranello"])
    answer = client.post(f"/api/v1/users/{target}/deactivate", headers=tokens["admin"])
    assert answer.status_code == 200
    assert answer.get_json()["active"] is False and answer.get_json()["live_tokens"] == 0
    assert not _works(client, tokens["maranello"])
    assert _login(client, "maranello@example.org", _PASSWORD).status_code == 401
    listed = client.post(f"/api/v1/users/{target}/activate", headers=tokens["admin"])
    assert listed.status_code == 200 and listed.get_json()["active"] is True
    assert not _works(client, tokens["maranello"])  # the old token stays revoked
    assert _login(client, "maranello@example.org", _PASSWORD).status_code == 201


def test_a_password_reset_follows_the_policy_and_revokes_every_token(client, tokens, session):
    target = _id(session, "sassuolo@example.org")
    url = f"/api/v1/users/{target}/password"
    weak = client.put(url, json={"password": "aaaaaaaaaaaa"}, headers=tokens["admin"])
    assert weak.status_code == 422 and list(weak.get_json()["errors"]) == ["password"]
    assert _works(client, tokens["sassuolo"])  # a refused reset changed nothing
    reset = client.put(url, json={"password": STRONG}, headers=tokens["admin"])
    assert reset.status_code == 200 and reset.get_json()["live_tokens"] == 0
    assert "password" not in reset.get_json()
    assert not _works(client, tokens["sassuolo"])
    assert _login(client, "sassuolo@example.org", _PASSWORD).status_code == 401
    assert _login(client, "sassuolo@example.org", STRONG).status_code == 201


def test_revoking_every_token_of_an_account(client, tokens, session):
    target = _id(session, "maranello@example.org")
    secret = _login(client, "maranello@example.org", _PASSWORD).get_json()["token"]
    second = {"Authorization": f"Bearer {secret}"}
    revoked = client.delete(f"/api/v1/users/{target}/tokens", headers=tokens["admin"])
    assert revoked.status_code == 200 and revoked.get_json() == {"revoked": 2}
    assert not _works(client, tokens["maranello"]) and not _works(client, second)
    assert _login(client, "maranello@example.org", _PASSWORD).status_code == 201
    again = client.delete(f"/api/v1/users/{target}/tokens", headers=tokens["admin"])
    assert again.get_json() == {"revoked": 1}  # the sign-in after the revocation


OPERATIONS = [
    ("POST", "/deactivate", None),
    ("POST", "/activate", None),
    ("PUT", "/password", {"password": STRONG}),
    ("DELETE", "/tokens", None),
]


@pytest.mark.parametrize(("method", "suffix", "body"), OPERATIONS)
def test_only_admins_manage_accounts_and_never_their_own(
    client, tokens, session, method, suffix, body
):
    target = _id(session, "maranello@example.org")
    admin = _id(session, "admin@example.org")

    def call(user_id, actor):
        return client.open(
            f"/api/v1/users/{user_id}{suffix}", method=method, json=body, headers=tokens[actor]
        )

    assert call(target, "anonymous").status_code == 401
    assert call(target, "maranello").status_code == 403  # not even on their own account
    assert call(target, "sassuolo").status_code == 403
    assert call(admin, "admin").status_code == 403  # a stolen admin token cannot lock in
    assert call(2_000_000_000, "admin").status_code == 404
    assert _works(client, tokens["maranello"]) and _works(client, tokens["admin"])
    assert session.scalar(select(User.active).where(User.id == target)) is True


def test_only_admins_list_accounts_and_never_see_a_hash(client, tokens):
    assert client.get("/api/v1/users").status_code == 401
    assert client.get("/api/v1/users", headers=tokens["maranello"]).status_code == 403
    listed = client.get("/api/v1/users", headers=tokens["admin"])
    assert listed.status_code == 200
    mine = {u["email"]: u for u in listed.get_json()["items"]}["maranello@example.org"]
    assert mine["organisation"] == "maranello" and mine["live_tokens"] == 1
    assert "argon2" not in listed.get_data(as_text=True)


# --- off-boarding from the command line ---------------------------------------------------


def test_the_cli_off_boards(app, tokens, session):
    runner = app.test_cli_runner()
    email = "maranello@example.org"

    def run(*args, **env):
        return runner.invoke(args=["users", *args], env=env)

    listed = run("list")
    assert listed.exit_code == 0 and email in listed.output
    assert run("revoke-tokens", email).exit_code == 0
    live = select(func.count()).select_from(ApiToken).where(ApiToken.revoked_at.is_(None))
    assert session.scalar(live.where(ApiToken.user_id == _id(session, email))) == 0
    weak = run("set-password", email, DISTRETTO_PASSWORD="aaaaaaaaaaaa")
    assert weak.exit_code != 0 and "password:" in weak.output
    assert run("set-password", email, DISTRETTO_PASSWORD=STRONG).exit_code == 0
    assert run("deactivate", email).exit_code == 0
    session.expire_all()
    assert session.scalar(select(User.active).where(User.email == email)) is False
    assert run("activate", email).exit_code == 0
    missing = run("deactivate", "nobody@example.org")
    assert missing.exit_code != 0 and "No user" in missing.output
