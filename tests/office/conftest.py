"""The back office in the test client: accounts signed in through the real sign-in form,
forms posted with the CSRF token the page gave."""

import re

import pytest

from tests.conftest import _PASSWORD, make_user

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
ACCOUNTS = {
    "maranello": ("maranello-office@example.org", "maranello", "editor"),
    "sassuolo": ("sassuolo-office@example.org", "sassuolo", "editor"),
    "admin": ("admin-office@example.org", "distretto", "admin"),
}


class OfficeClient:
    """A browser-like client: cookies kept, the CSRF token read from the last page."""

    language = "en"
    """The tests read the pages' English; the Italian default is tested on its own."""

    def __init__(self, client):
        self.client = client
        self.token = None

    def get(self, url, **kwargs):
        kwargs.setdefault("headers", {"Accept-Language": self.language})
        response = self.client.get(url, **kwargs)
        self._remember(response)
        return response

    def post(self, url, data=None, csrf=True, **kwargs):
        data = dict(data or {})
        if csrf:
            for page in ("/office/", "/office/sign-in"):
                if self.token is None:
                    self.get(page)
            data.setdefault("csrf_token", self.token)
        kwargs.setdefault("headers", {"Accept-Language": self.language})
        response = self.client.post(url, data=data, **kwargs)
        self._remember(response)
        return response

    def _remember(self, response):
        if response.mimetype == "text/html" and (found := CSRF.search(response.text)):
            self.token = found.group(1)

    def sign_in(self, email, password=_PASSWORD):
        """Signing in clears the session, and with it the CSRF token: read a fresh one."""
        response = self.post("/office/sign-in", {"email": email, "password": password})
        if response.status_code == 302:
            self.token = None
            self.get("/office/")
        return response


@pytest.fixture
def office(app, session):
    """office("maranello") -> an OfficeClient signed in as that office's editor (or "admin");
    office(None) -> signed out."""

    def signed_in(name: str | None) -> OfficeClient:
        client = OfficeClient(app.test_client())
        if name is not None:
            email, organisation, role = ACCOUNTS[name]
            make_user(session, email, organisation, role)
            response = client.sign_in(email)
            assert response.status_code == 302, response.text
        return client

    return signed_in
