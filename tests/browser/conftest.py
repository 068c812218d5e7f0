"""The back office in headless Chromium, against gunicorn on a scratch database.

One server per test session, on a fresh database of the leg's backend (a SQLite file, or a
`distretto_browser` database on the PostgreSQL server DATABASE_URL points at): migrated,
seeded, with three accounts (a Maranello editor, a Sassuolo editor, an admin) whose random
passwords the `live_server` fixture keeps. Every test gets new browser contexts, so cookies
never cross from one test (or one person) to another.

Without Chromium (/usr/bin/chromium, or `chromium` on the PATH) or the playwright package, a
developer's run skips these tests; under CI (the CI environment variable set) it fails.

DISTRETTO_SCREENSHOTS=1 makes the tests write docs/screenshots/<name>.png (1280x900).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from catalog.settings import PROJECT_ROOT

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Response
    from sqlalchemy import Engine

    from harness.servers import Server

CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 1280, "height": 900}
LOCALE = "en-GB"  # the browser's Accept-Language, whatever the machine's own
TIMEZONE = "Europe/Rome"
SCREENSHOTS = PROJECT_ROOT / "docs" / "screenshots"
TIMEOUT_MS = 10_000  # a missing element fails in seconds, not Playwright's default 30
FAILING_IMPACTS = ("serious", "critical")

# name -> (email, organisation, role); the passwords are random, kept by LiveServer.
ACCOUNTS = {
    "maranello": ("maranello-editor@browser.example", "maranello", "editor"),
    "sassuolo": ("sassuolo-editor@browser.example", "sassuolo", "editor"),
    "admin": ("district-admin@browser.example", "distretto", "admin"),
}

# Where the office's pages are when the in-process app cannot say (a page not written yet).
OFFICE_PATHS = {
    "office.dashboard": "/office/",
    "office.sign_in": "/office/sign-in",
    "office.listings": "/office/listings",
    "office.events": "/office/events",
    "office.packages": "/office/packages",
    "office.users": "/office/users",
    "office.api_keys": "/office/api-keys",
}


# --- what the tests need to run -------------------------------------------------------------


def _unavailable(message: str) -> None:
    """Skip on a developer's machine, fail under CI (like the PostgreSQL leg)."""
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def chromium_executable() -> str | None:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    return shutil.which("chromium")


@pytest.fixture(scope="session", autouse=True)
def chromium() -> str:
    """The Chromium to drive, checked before any server is started."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as error:
        _unavailable(f"the playwright package cannot be imported: {error}")
    executable = chromium_executable()
    if executable is None:
        _unavailable(f"Chromium is not installed ({CHROMIUM}, or `chromium` on the PATH)")
    return executable


# --- the live server -----------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: Any


@dataclass
class LiveServer:
    """gunicorn on loopback, its scratch database, and the accounts' passwords."""

    url: str
    database_url: str
    engine: Engine
    server: Server
    passwords: dict[str, str]
    _tokens: dict[str, str] = field(default_factory=dict)

    def email(self, name: str) -> str:
        return ACCOUNTS[name][0]

    def token(self, name: str) -> str:
        """A bearer token of the account, issued in the database (no password check)."""
        if name not in self._tokens:
            from sqlalchemy import select

            from catalog.access.accounts import issue_token
            from catalog.db import make_session_factory
            from catalog.models import User

            with make_session_factory(self.engine, writer=True)() as session:
                user = session.scalar(select(User).where(User.email == self.email(name)))
                self._tokens[name] = issue_token(session, user, timedelta(hours=4)).secret
                session.commit()
        return self._tokens[name]

    def api(
        self,
        method: str,
        path: str,
        body: Any = None,
        as_: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        """An HTTP request to the API with urllib, as a partner makes it."""
        sent = {"Accept": "application/json", **(headers or {})}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        if as_ is not None:
            sent["Authorization"] = f"Bearer {self.token(as_)}"
        request = urllib.request.Request(self.url + path, data=data, headers=sent, method=method)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return Answer(response.status, dict(response.headers), _json(response.read()))
        except urllib.error.HTTPError as error:
            return Answer(error.code, dict(error.headers), _json(error.read()))

    def listing(self, slug: str, lang: str = "en", as_: str | None = None) -> Answer:
        return self.api("GET", f"/api/v1/listings/{slug}?lang={lang}", as_=as_)

    def log_size(self) -> int:
        return self.server.log.stat().st_size

    def log_since(self, offset: int) -> str:
        with self.server.log.open("rb") as log:
            log.seek(offset)
            return log.read().decode(errors="replace")


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return raw.decode(errors="replace")


def _prepare(url: str) -> tuple[Engine, dict[str, str]]:
    """Migrate, seed, create the three accounts with random passwords."""
    from sqlalchemy.orm import Session

    from api.read_model import build_documents
    from catalog.access.accounts import create_user
    from catalog.data.seeding import load_seeds
    from catalog.db import make_engine
    from catalog.migrate import upgrade

    engine = make_engine(url)
    upgrade(engine)
    passwords = {}
    with Session(engine) as session:
        load_seeds(session)
        for name, (email, organisation, role) in ACCOUNTS.items():
            passwords[name] = secrets.token_urlsafe(18)
            create_user(session, email, passwords[name], organisation, role)
        session.commit()
    build_documents(url)  # the read model, as `flask seed` builds it
    return engine, passwords


@pytest.fixture(scope="session")
def live_server(chromium, database_url):
    from harness.databases import is_postgres, postgres_database, sqlite_database
    from harness.servers import Gunicorn, gunicorn

    if is_postgres(database_url):
        scratch = postgres_database(database_url, "distretto_browser")
    else:
        scratch = sqlite_database("browser")
    with scratch as url, tempfile.TemporaryDirectory(prefix="distretto-browser-log-") as logs:
        engine, passwords = _prepare(url)
        env = {
            "DATABASE_URL": url,
            "SECRET_KEY": secrets.token_hex(32),
            "RATELIMIT_ENABLED": "false",
        }
        try:
            with gunicorn("office", "wsgi:app", Gunicorn(workers=2), env, Path(logs)) as server:
                host, port = server.address
                yield LiveServer(f"http://{host}:{port}", url, engine, server, passwords)
        finally:
            engine.dispose()


@pytest.fixture(autouse=True)
def _server_log_stays_clean(request):
    """A test during which the server logged a traceback errors with it (a 500's cause)."""
    if "live_server" not in request.fixturenames:
        yield
        return
    live = request.getfixturevalue("live_server")
    offset = live.log_size()
    yield
    written = live.log_since(offset)
    if "Traceback" in written:
        pytest.fail(f"the server logged an error:\n{written[-4000:]}", pytrace=False)


@pytest.fixture(scope="session")
def office_path(live_server):
    """office_path("office.users") -> its path, from the app's own URL map (the conventional
    path while the page is not written yet)."""
    from flask import url_for
    from werkzeug.routing import BuildError

    from api import create_app

    app = create_app(
        {
            "DATABASE_URL": live_server.database_url,
            "TESTING": True,
            "SERVER_NAME": "localhost",
            "RATELIMIT_ENABLED": False,
        }
    )

    def path(endpoint: str, **values) -> str:
        with app.test_request_context():
            try:
                return url_for(endpoint, **values)
            except BuildError:
                return OFFICE_PATHS[endpoint]

    return path


# --- listings made for a test ----------------------------------------------------------------


def draft_body(slug: str) -> dict:
    """A complete Maranello draft: names in Italian and English, one weekly opening range."""
    return {
        "slug": slug,
        "kind": "heritage",
        "themes": ["heritage"],
        "municipality": "maranello",
        "location": {"lat": 44.5206, "lon": 10.85893, "address": "Maranello (MO)"},
        "translations": {
            "it": {"name": f"Torre di prova {slug[-6:]}", "summary": "Una torre."},
            "en": {"name": f"Test tower {slug[-6:]}", "summary": "A tower."},
        },
        "opening_hours": {"weekly": [{"days": ["tue"], "opens": "10:00", "closes": "12:00"}]},
    }


@pytest.fixture
def new_draft(live_server):
    """new_draft(creator="maranello") -> the slug of a new Maranello DRAFT listing, made
    through the HTTP API with the creator's token (English summary "A tower.")."""

    def make(creator: str = "maranello") -> str:
        slug = f"browser-draft-{secrets.token_hex(3)}"
        answer = live_server.api("POST", "/api/v1/listings", draft_body(slug), as_=creator)
        assert answer.status == 201, answer.body
        assert answer.body["status"] == "draft"
        return slug

    return make


@pytest.fixture
def maranello_draft(new_draft) -> str:
    return new_draft("maranello")


# --- the browser -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True)
        yield browser
        browser.close()
    finally:
        playwright.stop()


@pytest.fixture
def new_context(browser: Browser, live_server):
    """new_context() -> a fresh browser context (its own cookies) on the live server; closed
    after the test."""
    contexts: list[BrowserContext] = []

    def make() -> BrowserContext:
        context = browser.new_context(
            base_url=live_server.url, viewport=VIEWPORT, locale=LOCALE, timezone_id=TIMEZONE
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context) -> Page:
    """A signed-out page in a context of its own."""
    return new_page(new_context())


@pytest.fixture
def signed_in(new_context, live_server):
    """signed_in("maranello" | "sassuolo" | "admin") -> a page in a new context, signed in
    through the form; call it twice for two people at once."""

    def sign_in_as(name: str) -> Page:
        page = new_page(new_context())
        open_page(page, "/office/sign-in")
        response = sign_in(page, live_server.email(name), live_server.passwords[name])
        assert response is not None and response.ok, f"{name} could not sign in"
        return page

    return sign_in_as


# --- helpers for the tests -------------------------------------------------------------------


def new_page(context: BrowserContext) -> Page:
    """A page of the context that accepts dialogs (a confirm() before publishing, say)."""
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def open_page(page: Page, path: str, status: int = 200) -> Response:
    """Go to the path and insist on the status (of the last response, after redirects)."""
    response = page.goto(path)
    assert response is not None, path
    assert response.status == status, f"GET {path}: {response.status}, expected {status}"
    return response


def submit(page: Page, button) -> Response:
    """Click a submit button and wait for the page it leads to; its response (after redirects)."""
    with page.expect_navigation() as navigation:
        button.click()
    return navigation.value


def sign_in(page: Page, email: str, password: str) -> Response:
    """Fill in and send the sign-in form of the current page."""
    form = page.locator("main form")
    form.locator("#email").fill(email)
    form.locator("#password").fill(password)
    return submit(page, form.locator("button[type=submit]"))


def check_accessibility(page: Page) -> None:
    """axe-core on the page as it is: fails listing every serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = [
        violation
        for violation in results.response["violations"]
        if violation.get("impact") in FAILING_IMPACTS
    ]
    if violations:
        lines = [f"axe-core on {page.url}: {len(violations)} serious or critical violations"]
        for violation in violations:
            lines.append(
                f"- [{violation['impact']}] {violation['id']}: {violation['help']} "
                f"({violation.get('helpUrl', '')})"
            )
            for node in violation.get("nodes", [])[:10]:
                lines.append(f"    {' '.join(map(str, node.get('target', [])))}")
                lines.append(f"      {node.get('html', '')[:200]}")
        pytest.fail("\n".join(lines), pytrace=False)


def screenshot(page: Page, name: str) -> None:
    """docs/screenshots/<name>.png, only when DISTRETTO_SCREENSHOTS=1."""
    if os.environ.get("DISTRETTO_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")  # the page as it opens, not where a field was filled
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)
