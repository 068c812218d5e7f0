"""Finding 11 (info): response headers and the deployment.

nosniff on every response; nothing framed (frame-ancestors 'none'), Swagger UI allowed exactly
its own assets; Retry-After only on 429 and 503; a long query string never becomes a huge
Link header; no server banner from gunicorn; production refuses in-memory rate limits under
several workers, and debug mode.
"""

import base64
import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.orm import sessionmaker

from api import create_app
from api.database import EXTENSION
from api.deployment import UnsafeDeployment
from api.headers import MAX_LINK_BYTES, MAX_QUERY_BYTES
from catalog.settings import PROJECT_ROOT
from harness.servers import Gunicorn, gunicorn

URLS = [
    "/api/v1/listings?limit=1",  # 200 JSON
    "/api/v1/listings?limit=abc",  # 400 problem
    "/api/v1/listings/no-such-listing",  # 404 problem
    "/nowhere",  # 404 outside the API
    "/api/v1/swagger.json",
    "/api/v1/docs",
    "/swaggerui/swagger-ui.css",
]


def _policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.mark.parametrize("url", URLS)
def test_every_response_is_nosniff_and_never_framed(client, url):
    response = client.get(url)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert _policy(response)["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_api_bodies_may_load_nothing(client):
    policy = _policy(client.get("/api/v1/listings?limit=1"))
    assert policy["default-src"] == ["'none'"]


def _digest(text: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'"


def test_swagger_ui_may_load_exactly_its_own_assets(client):
    page = client.get("/api/v1/docs")
    html = page.get_data(as_text=True)
    policy = _policy(page)
    assert policy["default-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.S)
    inline_styles = re.findall(r"<style[^>]*>(.*?)</style>", html, re.S)
    assert inline_scripts and inline_styles
    assert policy["script-src"] == ["'self'", *map(_digest, inline_scripts)]
    assert {"'self'", *map(_digest, inline_styles)} <= set(policy["style-src"])
    everything = " ".join(value for values in policy.values() for value in values)
    assert "unsafe-inline" not in everything and "unsafe-eval" not in everything
    assert "http" not in everything and "*" not in everything
    assert policy["connect-src"] == ["'self'"]  # the document and "Try it out": this origin
    # Every asset the page names is on this origin and is served.
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(a.endswith(".js") for a in assets) and any(a.endswith(".css") for a in assets)
    for asset in assets:
        assert asset.startswith("/"), asset
        assert client.get(asset).status_code == 200, asset


def _limited_client(database_url, connection, **config):
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "SERVER_NAME": "localhost",
            "RATELIMIT_ENABLED": True,
            "DISTRETTO_ANONYMOUS_RATE_LIMIT": "2 per minute",
            **config,
        }
    )
    factory = sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
    app.extensions[EXTENSION].session_factory = factory
    app.extensions[EXTENSION].write_session_factory = factory
    return app.test_client()


def test_retry_after_only_on_429_and_503(database_url, connection):
    client = _limited_client(database_url, connection)
    answers = [client.get("/api/v1/themes") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert "Retry-After" not in answers[0].headers and "Retry-After" not in answers[1].headers
    assert answers[0].headers["RateLimit-Remaining"] == "1"  # the limit is still told
    assert int(answers[2].headers["Retry-After"]) > 0
    unreachable = "postgresql+psycopg://postgres@127.0.0.1:1/none"
    away_app = create_app(
        {"DATABASE_URL": unreachable, "SERVER_NAME": "localhost", "RATELIMIT_ENABLED": True}
    )
    away = away_app.test_client().get("/api/v1/listings")
    assert away.status_code == 503 and int(away.headers["Retry-After"]) > 0


def test_a_long_query_string_is_a_414_problem(client):
    response = client.get("/api/v1/listings?" + "tag=" + "a" * 25_000)
    assert response.status_code == 414
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["status"] == 414 and "Link" not in response.headers
    assert sum(len(value) for value in response.headers.values()) < 2_000


def test_the_link_header_stays_bounded(client):
    """The longest query accepted, on the first of many pages: four links near 2 KB each."""
    repeats = (MAX_QUERY_BYTES - len("limit=1&municipality=")) // len("maranello,")
    query = "limit=1&municipality=" + ",".join(["maranello"] * repeats)
    assert MAX_QUERY_BYTES - 10 < len(query) <= MAX_QUERY_BYTES
    response = client.get(f"/api/v1/listings?{query}")
    assert response.status_code == 200
    assert len(response.headers.get("Link", "")) <= MAX_LINK_BYTES
    assert response.get_json()["links"]["next"]  # the body keeps every link
    short = client.get("/api/v1/listings?limit=1")
    assert 'rel="next"' in short.headers["Link"]


# --- the deployment ----------------------------------------------------------------------


def _build(**config):
    return create_app({"DATABASE_URL": "sqlite://", **config})


@pytest.mark.parametrize(
    "config",
    [
        {"DISTRETTO_WORKERS": 2, "RATELIMIT_STORAGE_URI": "memory://"},
        {"DISTRETTO_ENV": "production", "RATELIMIT_STORAGE_URI": "memory://"},
        {"DISTRETTO_ENV": "production", "DEBUG": True, "RATELIMIT_ENABLED": False},
        {"DISTRETTO_WORKERS": 4, "DEBUG": True, "RATELIMIT_STORAGE_URI": "redis://r:6379"},
    ],
)
def test_production_refuses_unsafe_settings_at_start(config):
    with pytest.raises(UnsafeDeployment, match="refusing to start"):
        _build(**config)


@pytest.mark.parametrize(
    "config",
    [
        {},  # a laptop: one process, memory is fine
        {"DEBUG": True},  # flask run --debug
        {"DISTRETTO_WORKERS": 2, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0"},
        {"DISTRETTO_ENV": "production", "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0"},
        {"DISTRETTO_WORKERS": 2, "RATELIMIT_ENABLED": False},  # the bench and the soak
    ],
)
def test_safe_settings_start(config):
    assert _build(**config) is not None


def test_gunicorn_sends_no_server_banner(tmp_path):
    """The README's command, from the repository root, so gunicorn.conf.py is read."""
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}", "RATELIMIT_ENABLED": "false"}
    with gunicorn("banner", "wsgi:app", Gunicorn(workers=2), env, tmp_path) as server:
        from http.client import HTTPConnection

        connection = HTTPConnection(*server.address, timeout=10)
        connection.request("GET", "/api/v1/docs")
        response = connection.getresponse()
        response.read()
        connection.close()
    assert response.status == 200
    assert response.getheader("Server") == "distretto"
    assert response.getheader("X-Content-Type-Options") == "nosniff"


def test_gunicorn_with_two_workers_refuses_in_memory_rate_limits(tmp_path):
    from harness.servers import environment

    env = environment({"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"})
    command = [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", "127.0.0.1:0"]
    done = subprocess.run(
        [*command, "wsgi:app"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode != 0
    assert "RATELIMIT_STORAGE_URI=redis://" in done.stderr
    assert Path(PROJECT_ROOT, "gunicorn.conf.py").is_file()
