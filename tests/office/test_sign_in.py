"""Signing in and out of the office: cookie flags, CSRF, throttling, scope."""

from sqlalchemy import func, select

from catalog.models import ApiToken
from tests.office.conftest import ACCOUNTS


def test_pages_ask_to_sign_in_first_and_come_back_after(office):
    client = office(None)
    response = client.get("/office/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/office/sign-in?next=/office/")


def test_sign_in_sets_a_safe_cookie_and_a_new_token_each_time(office, session):
    client = office("maranello")
    cookie = client.client.get_cookie("distretto_office", path="/office")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"
    first = cookie.value
    email = ACCOUNTS["maranello"][0]
    client.get("/office/")
    client.sign_in(email)
    second = client.client.get_cookie("distretto_office", path="/office").value
    assert second != first
    live = session.scalar(
        select(func.count()).select_from(ApiToken).where(ApiToken.revoked_at.is_(None))
    )
    revoked = session.scalar(
        select(func.count()).select_from(ApiToken).where(ApiToken.revoked_at.is_not(None))
    )
    assert (live, revoked) == (1, 1)


def test_a_wrong_password_is_refused_in_the_page(office):
    client = office(None)
    response = client.post("/office/sign-in", {"email": "nobody@example.org", "password": "x"})
    assert response.status_code == 401
    assert 'role="alert"' in response.text


def test_a_form_without_its_csrf_token_changes_nothing_and_says_why(office, session):
    client = office(None)
    email, _, _ = ACCOUNTS["maranello"]
    from tests.conftest import _PASSWORD, make_user

    make_user(session, email, "maranello")
    response = client.post("/office/sign-in", {"email": email, "password": _PASSWORD}, csrf=False)
    assert response.status_code == 400
    assert client.client.get_cookie("distretto_office", path="/office") is None
    assert session.scalar(select(func.count()).select_from(ApiToken)) == 0


def test_signing_out_revokes_the_session(office):
    client = office("maranello")
    assert client.get("/office/").status_code == 200
    assert client.post("/office/sign-out").status_code == 302
    assert client.get("/office/").status_code == 302


def test_pages_are_never_cached_and_never_framed(office):
    response = office("maranello").get("/office/")
    assert response.headers["Cache-Control"] == "private, no-store"
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_the_office_speaks_italian_by_default_and_english_when_chosen(office):
    client = office("maranello")
    client.language = "de"  # neither Italian nor English: the default
    assert '<html lang="it">' in client.get("/office/").text
    response = client.post("/office/language", {"language": "en", "next": "/office/"})
    assert response.status_code == 302
    assert '<html lang="en">' in client.get("/office/", headers={"Accept-Language": "it"}).text
