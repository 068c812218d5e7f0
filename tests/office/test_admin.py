"""The admin pages: accounts and partner API keys, for administrators only."""

import re

import pytest
from sqlalchemy import func, select

from catalog.models import ApiKey, ApiToken, Organisation, User
from tests.conftest import make_user
from tests.office.conftest import ACCOUNTS

STRONG = "lantern quarry velvet oboe"
NEW_EMAIL = "fiorano-office@example.org"
SECRET = re.compile(r'value="(dsk_[^"]+)"')


@pytest.fixture
def admin(office):
    """The district admin, reading the office in English."""
    client = office("admin")
    client.get("/office/")  # signing in starts a new session: take its CSRF token
    assert client.post("/office/language", {"language": "en"}).status_code == 302
    return client


def _create(admin, **fields):
    data = {
        "email": NEW_EMAIL,
        "organisation": "maranello",
        "role": "editor",
        "password": STRONG,
        **fields,
    }
    return admin.post("/office/users", data)


def _user(session, email):
    return session.scalar(select(User).where(User.email == email))


def _signs_in(office, email, password=STRONG) -> bool:
    return office(None).sign_in(email, password).status_code == 302


def _beside(page, name) -> str:
    """The message shown under a field, after checking the field points at it."""
    field = re.search(rf'<input id="{name}"[^>]*>', page).group(0)
    described = re.search(r'aria-describedby="([^"]*)"', field).group(1).split()
    assert f"{name}-error" in described and 'aria-invalid="true"' in field
    return re.search(rf'<p class="problem" id="{name}-error">([^<]*)</p>', page).group(1)


def _organisation_id(session, slug):
    return session.scalar(select(Organisation.id).where(Organisation.slug == slug))


def test_an_editor_gets_404_on_every_admin_page(office, session):
    target = make_user(session, "someone@example.org", "sassuolo")
    editor = office("maranello")
    for url in ("/office/users", f"/office/users/{target.id}", "/office/api-keys"):
        assert editor.get(url).status_code == 404, url
    for url in (
        "/office/users",
        f"/office/users/{target.id}/deactivate",
        f"/office/users/{target.id}/password",
        "/office/api-keys",
    ):
        assert editor.post(url, {"name": "x", "password": STRONG}).status_code == 404, url
    assert _user(session, "someone@example.org").active
    assert session.scalar(select(func.count()).select_from(ApiKey)) == 0


def test_the_navigation_shows_admin_pages_to_admins_only(office, admin):
    assert 'href="/office/users"' in admin.get("/office/").text
    assert 'href="/office/users"' not in office("sassuolo").get("/office/").text


def test_the_users_page_lists_accounts_with_their_organisation(admin, session):
    make_user(session, "someone@example.org", "sassuolo")
    page = admin.get("/office/users").text
    assert "someone@example.org" in page and ACCOUNTS["admin"][0] in page
    assert '<th scope="row">' in page and "<caption>" in page


def test_an_admin_creates_an_account_that_can_sign_in(admin, office, session):
    response = _create(admin)
    created = _user(session, NEW_EMAIL)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/office/users/{created.id}"
    assert created.role == "editor"
    assert created.organisation_id == _organisation_id(session, "maranello")
    assert "was created" in admin.get(response.headers["Location"]).text
    assert _signs_in(office, NEW_EMAIL)


def test_a_weak_password_is_refused_beside_the_field_and_no_account_is_made(admin, session):
    response = _create(admin, password="passwordpassword")
    assert response.status_code == 422
    assert "Too easy to guess" in _beside(response.text, "password")
    assert 'role="alert"' in response.text
    assert NEW_EMAIL in response.text  # the form comes back filled in...
    assert "passwordpassword" not in response.text  # ...but never with the password
    assert _user(session, NEW_EMAIL) is None


def test_a_taken_email_is_refused_beside_the_email(admin, session):
    _create(admin)
    response = _create(admin, organisation="sassuolo")
    assert response.status_code == 409
    assert "already exists" in _beside(response.text, "email")
    assert session.scalar(select(func.count()).where(User.email == NEW_EMAIL)) == 1


def test_deactivating_an_account_stops_its_sign_in_and_activating_restores_it(
    admin, office, session
):
    _create(admin)
    user_id = _user(session, NEW_EMAIL).id
    signed_in = office(None)
    assert signed_in.sign_in(NEW_EMAIL, STRONG).status_code == 302
    page = admin.get(f"/office/users/{user_id}").text
    assert 'data-confirm="Deactivate' in page
    response = admin.post(f"/office/users/{user_id}/deactivate")
    assert response.status_code == 302
    assert "deactivated" in admin.get(response.headers["Location"]).text
    assert not _signs_in(office, NEW_EMAIL)
    assert signed_in.get("/office/").status_code == 302  # its session ended too
    admin.post(f"/office/users/{user_id}/activate")
    assert _signs_in(office, NEW_EMAIL)


def test_an_admin_cannot_deactivate_themself_and_is_told_why(admin, session):
    me = _user(session, ACCOUNTS["admin"][0])
    response = admin.post(f"/office/users/{me.id}/deactivate")
    assert response.status_code == 403
    assert 'role="alert"' in response.text and "do not manage their own account" in response.text
    session.refresh(me)
    assert me.active


def test_a_new_password_replaces_the_old_one_under_the_policy(admin, office, session):
    _create(admin)
    user_id = _user(session, NEW_EMAIL).id
    refused = admin.post(f"/office/users/{user_id}/password", {"password": "short"})
    assert refused.status_code == 422
    assert "at least 12 characters" in _beside(refused.text, "password")
    assert _signs_in(office, NEW_EMAIL)
    newer = "mandolin glacier pepper atlas"
    assert admin.post(f"/office/users/{user_id}/password", {"password": newer}).status_code == 302
    assert not _signs_in(office, NEW_EMAIL) and _signs_in(office, NEW_EMAIL, newer)


def test_revoking_tokens_signs_the_account_out_everywhere(admin, office, session):
    _create(admin)
    user_id = _user(session, NEW_EMAIL).id
    elsewhere = office(None)
    assert elsewhere.sign_in(NEW_EMAIL, STRONG).status_code == 302
    assert _live_tokens(session, user_id) == 1
    response = admin.post(f"/office/users/{user_id}/tokens")
    assert response.status_code == 302
    assert "signed out everywhere" in admin.get(response.headers["Location"]).text
    assert _live_tokens(session, user_id) == 0
    assert elsewhere.get("/office/").status_code == 302  # sent back to the sign-in form
    assert _user(session, NEW_EMAIL).active


def _live_tokens(session, user_id) -> int:
    query = select(func.count()).where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
    return session.scalar(query)


def test_a_key_is_shown_once_works_against_the_api_and_stops_when_revoked(admin, session):
    issued = admin.post("/office/api-keys", {"name": "Hotel partner", "per_minute": "30"})
    assert issued.status_code == 201
    assert issued.headers["Cache-Control"] == "private, no-store"
    assert "not shown again" in issued.text
    secret = SECRET.search(issued.text).group(1)
    listing = admin.get("/office/api-keys").text
    assert "Hotel partner" in listing and secret not in listing
    api = admin.client
    assert api.get("/api/v1/listings", headers={"X-API-Key": secret}).status_code == 200
    key = session.scalar(select(ApiKey).where(ApiKey.name == "Hotel partner"))
    assert key.per_minute == 30 and secret not in (key.digest, key.prefix)
    revoked = admin.post(f"/office/api-keys/{key.id}/revoke")
    assert revoked.status_code == 302
    assert "revoked" in admin.get("/office/api-keys").text
    assert api.get("/api/v1/listings", headers={"X-API-Key": secret}).status_code == 401


def test_a_key_without_a_name_is_refused_beside_the_field(admin, session):
    response = admin.post("/office/api-keys", {"name": "  ", "per_minute": "0"})
    assert response.status_code == 422
    assert _beside(response.text, "name") and _beside(response.text, "per_minute")
    assert session.scalar(select(func.count()).select_from(ApiKey)) == 0


def test_a_post_without_its_csrf_token_changes_nothing(admin, session):
    _create(admin)
    target = _user(session, NEW_EMAIL)
    tokens_before = session.scalar(select(func.count()).select_from(ApiToken))
    for url, data in (
        (
            "/office/users",
            {
                "email": "other@example.org",
                "organisation": "maranello",
                "role": "editor",
                "password": STRONG,
            },
        ),
        (f"/office/users/{target.id}/deactivate", {}),
        (f"/office/users/{target.id}/tokens", {}),
        ("/office/api-keys", {"name": "Sneaky"}),
    ):
        assert admin.post(url, data, csrf=False).status_code == 400, url
    session.refresh(target)
    assert target.active and _user(session, "other@example.org") is None
    assert session.scalar(select(func.count()).select_from(ApiKey)) == 0
    assert session.scalar(select(func.count()).select_from(ApiToken)) == tokens_before


def test_an_admin_moves_an_account_to_another_town_and_role(office, session):
    from catalog.models import User
    from tests.conftest import make_user

    moved = make_user(session, "moved@example.org", "sassuolo")
    admin = office("admin")
    response = admin.post(
        f"/office/users/{moved.id}/placement", {"organisation": "maranello", "role": "admin"}
    )
    assert response.status_code == 302
    from catalog.models import Organisation

    session.expire_all()
    user = session.get(User, moved.id)
    assert (user.role, session.get(Organisation, user.organisation_id).slug) == (
        "admin",
        "maranello",
    )
    refused = admin.post(
        f"/office/users/{moved.id}/placement", {"organisation": "atlantis", "role": "editor"}
    )
    assert refused.status_code == 422
    assert 'id="organisation-error"' in refused.text
    session.expire_all()
    assert session.get(User, moved.id).role == "admin"
