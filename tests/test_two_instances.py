"""Stateless instances stay coherent: two gunicorn instances (two sync workers each) on one
database, one SECRET_KEY and one Redis (response cache and rate limits). A write through one
is visible on the very next read through the other, and neither answers from a stale cached
page or validates an old ETag with a 304.

Both instances are reached under one name (Host: localhost), as behind a load balancer, so
they share the cached bodies and validate each other's ETags.
"""

import json
import os
import secrets
from contextlib import ExitStack
from datetime import timedelta
from http.client import HTTPConnection

import pytest
import redis
from sqlalchemy.orm import Session

from api.read_model import build_documents
from catalog.access.accounts import create_user, issue_token
from catalog.data.seeding import load_seeds
from catalog.db import make_engine
from catalog.migrate import upgrade
from harness.databases import is_postgres, postgres_database, sqlite_database
from harness.servers import Gunicorn, Server, gunicorn

REDIS_URL = "redis://127.0.0.1:6379/13"
"""A Redis database of this test's own: flushed before and after."""
CACHE_KEYS = "flask_cache_*"
LIST = "/api/v1/listings?limit=100&municipality=maranello&lang=en"
SLUG = "torre-delle-due-istanze"
DETAIL = f"/api/v1/listings/{SLUG}?lang=en"
NEW_LISTING = {
    "kind": "heritage",
    "themes": ["heritage"],
    "municipality": "maranello",
    "location": {"lat": 44.5206, "lon": 10.85893, "address": "Maranello (MO)"},
    "translations": {
        "it": {"name": "Torre delle due istanze", "summary": "Una torre.", "description": "Testo."},
        "en": {"name": "Two-instance tower", "summary": "A tower."},
    },
}
READS = 4
"""Reads per check: new connections, so both workers of an instance are likely to answer."""


# --- fixtures ----------------------------------------------------------------------------


@pytest.fixture
def shared_redis():
    """Redis is optional on a laptop (skip) but required under CI (fail)."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.RedisError as error:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not reachable at {REDIS_URL}, and CI needs it: {error}")
        pytest.skip(f"no Redis at {REDIS_URL}: {error}")
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture
def scratch(database_url):
    """A migrated, seeded scratch database of the leg's backend (the instances write to it)
    with its read model, and a bearer token of a Maranello editor."""
    if is_postgres(database_url):
        database = postgres_database(database_url, "distretto_instances_test")
    else:
        database = sqlite_database("instances-test")
    with database as url:
        yield url, {"Authorization": f"Bearer {_prepare(url)}"}


def _prepare(url: str) -> str:
    """Migrate, seed, add the editor, build the read model; the editor's token secret."""
    engine = make_engine(url)
    try:
        upgrade(engine)
        with Session(engine) as session:
            load_seeds(session)
            user = create_user(
                session,
                "instances-editor@example.org",
                secrets.token_urlsafe(18),
                "maranello",
                "editor",
            )
            token = issue_token(session, user, timedelta(hours=1)).secret
            session.commit()
    finally:
        engine.dispose()
    build_documents(url)
    return token


# --- HTTP --------------------------------------------------------------------------------


def call(server: Server, method: str, path: str, headers=None, body=None):
    """One request on a new connection: (status, headers, parsed JSON body or None)."""
    sent = {"Host": "localhost", "Accept": "application/json", **(headers or {})}
    payload = None
    if body is not None:
        payload = json.dumps(body).encode()
        sent["Content-Type"] = "application/json"
    connection = HTTPConnection(*server.address, timeout=30)
    try:
        connection.request(method, path, body=payload, headers=sent)
        response = connection.getresponse()
        raw = response.read()
        is_json = "json" in response.getheader("Content-Type", "")
        return response.status, response.headers, json.loads(raw) if raw and is_json else None
    finally:
        connection.close()


def get(server: Server, path: str, headers=None, status: int = 200):
    """A GET that must answer `status`: (headers, JSON body)."""
    code, answer_headers, body = call(server, "GET", path, headers)
    assert code == status, (server.name, path, code, body)
    return answer_headers, body


def list_names(server: Server) -> dict[str, str]:
    """The Maranello list, anonymously, read READS times (all equal): {slug: name}."""
    pages = []
    for _ in range(READS):
        _, body = get(server, LIST)
        pages.append({item["slug"]: item["name"] for item in body["items"]})
    assert all(page == pages[0] for page in pages), (server.name, pages)
    return pages[0]


def detail_name(server: Server) -> str:
    """The listing's English name, anonymously, read READS times (all equal)."""
    names = {get(server, DETAIL)[1]["name"] for _ in range(READS)}
    assert len(names) == 1, (server.name, names)
    return names.pop()


def write(server: Server, method: str, path: str, auth: dict, body=None, status: int = 200):
    """A write guarded by If-Match: the ETag of the listing as its editor reads it."""
    tag = get(server, DETAIL.split("?")[0], auth)[0]["ETag"]
    code, _, answer = call(server, method, path, {**auth, "If-Match": tag}, body)
    assert code == status, (server.name, method, path, code, answer)
    return answer


def cache_keys(client: redis.Redis) -> int:
    return sum(1 for _ in client.scan_iter(CACHE_KEYS))


# --- the test ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "limits", ["true", "false"], ids=["limits-in-the-app", "limits-in-a-proxy"]
)
def test_a_write_through_one_instance_is_read_fresh_through_the_other(
    scratch, shared_redis, tmp_path, limits
):
    """Instances keep no state of their own: the cache is keyed on the catalogue version in
    the shared database, so a write through A retires every page B (or A) had cached, and an
    ETag from before the write no longer earns a 304 on either instance. With the limits in a
    proxy, public reads are answered below Flask (api/public_reads.py): the same holds."""
    url, editor = scratch
    env = {
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_hex(32),
        "RATELIMIT_ENABLED": limits,
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        "CACHE_TYPE": "RedisCache",
        "CACHE_REDIS_URL": REDIS_URL,
    }
    settings = Gunicorn(workers=2)
    with ExitStack() as servers:
        a = servers.enter_context(gunicorn("instance-a", "wsgi:app", settings, env, tmp_path))
        b = servers.enter_context(gunicorn("instance-b", "wsgi:app", settings, env, tmp_path))

        # Warm both caches; the pages and their ETags agree, and each validates the other's.
        before_a, before_b = list_names(a), list_names(b)
        assert before_a == before_b and SLUG not in before_b
        tag_a, tag_b = get(a, LIST)[0]["ETag"], get(b, LIST)[0]["ETag"]
        assert tag_a == tag_b
        get(a, LIST, {"If-None-Match": tag_b}, status=304)
        get(b, LIST, {"If-None-Match": tag_a}, status=304)
        assert cache_keys(shared_redis) > 0, "the response cache is not in the shared Redis"
        get(b, DETAIL, status=404)  # not there yet

        # Through A: create the draft (invisible to the public) and publish it.
        code, _, created = call(a, "POST", "/api/v1/listings", editor, NEW_LISTING)
        assert code == 201, created
        assert created["slug"] == SLUG
        get(b, DETAIL, status=404)
        write(a, "POST", f"/api/v1/listings/{SLUG}/publish", editor)

        # At once through B: the new listing is in the list and its detail, no stale page.
        after_b = list_names(b)
        assert after_b.get(SLUG) == "Two-instance tower", sorted(after_b)
        assert detail_name(b) == "Two-instance tower"
        headers, body = get(b, LIST, {"If-None-Match": tag_b})
        assert headers["ETag"] != tag_b
        assert SLUG in {item["slug"] for item in body["items"]}
        get(a, LIST, {"If-None-Match": tag_b}, status=200)
        detail_tag_a = get(a, DETAIL)[0]["ETag"]
        get(a, DETAIL, {"If-None-Match": detail_tag_a}, status=304)
        list_tag = headers["ETag"]

        # Through B: rename it; at once through A: the new name everywhere, old ETags refused.
        write(
            b,
            "PATCH",
            f"/api/v1/listings/{SLUG}",
            editor,
            {"translations": {"en": {"name": "Renamed tower"}}},
        )
        assert detail_name(a) == "Renamed tower"
        assert list_names(a).get(SLUG) == "Renamed tower"
        headers, body = get(a, DETAIL, {"If-None-Match": detail_tag_a})
        assert headers["ETag"] != detail_tag_a and body["name"] == "Renamed tower"
        headers, body = get(a, LIST, {"If-None-Match": list_tag})
        assert headers["ETag"] != list_tag
        assert {item["slug"]: item["name"] for item in body["items"]}[SLUG] == "Renamed tower"
        assert list_names(b).get(SLUG) == "Renamed tower"
        assert cache_keys(shared_redis) > 0

    for server in (a, b):
        log = server.log.read_text(errors="replace")
        assert "Traceback" not in log, f"{server.name}:\n{log[-4000:]}"
