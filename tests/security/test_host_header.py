"""Finding 2 (high/medium): a forged Host header must not reach links or the response cache."""

import pytest

from api import create_app
from api.database import EXTENSION

EVIL = "evil.example"


def _links(response) -> str:
    return response.headers.get("Link", "") + response.get_data(as_text=True)


def _client(app, database_url, **config):
    """An app as deployed (no SERVER_NAME), inside the test's transaction."""
    built = create_app(
        {"DATABASE_URL": database_url, "TESTING": True, "RATELIMIT_ENABLED": False, **config}
    )
    built.extensions[EXTENSION] = app.extensions[EXTENSION]
    return built.test_client()


@pytest.fixture
def client(app, database_url):
    return _client(app, database_url)


@pytest.fixture
def public_client(app, database_url):
    return _client(app, database_url, DISTRETTO_PUBLIC_URL="https://api.distretto.example")


def test_an_untrusted_host_is_refused_and_never_cached(client):
    forged = client.get("/api/v1/listings?limit=1", headers={"Host": EVIL})
    assert forged.status_code == 400
    assert forged.content_type == "application/problem+json"
    honest = client.get("/api/v1/listings?limit=1")
    assert honest.status_code == 200
    assert EVIL not in _links(honest)
    assert "http://localhost/api/v1/listings" in honest.headers["Link"]


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1:5000", "[::1]:8000"])
def test_local_hosts_are_answered_with_their_own_links(client, host):
    response = client.get("/api/v1/listings?limit=1", headers={"Host": host})
    assert response.status_code == 200
    assert f"http://{host}/api/v1/listings" in response.headers["Link"]


def test_with_a_public_url_every_link_is_built_from_it(public_client):
    for host in (EVIL, "localhost"):
        response = public_client.get("/api/v1/listings?limit=1", headers={"Host": host})
        assert response.status_code == 200
        assert EVIL not in _links(response)
        assert "<https://api.distretto.example/api/v1/listings?" in response.headers["Link"]
        item = response.get_json()["items"][0]
        assert item["links"]["self"].startswith("https://api.distretto.example/api/v1/listings/")


def test_the_cache_key_names_the_host(client):
    """Even among trusted hosts, a cached body built for one is not served to another."""
    first = client.get("/api/v1/listings?limit=1", headers={"Host": "127.0.0.1:5000"})
    second = client.get("/api/v1/listings?limit=1", headers={"Host": "localhost"})
    assert "127.0.0.1" in _links(first)
    assert "127.0.0.1" not in _links(second) and "http://localhost/api/v1/" in _links(second)
