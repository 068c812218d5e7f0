"""Partner API keys (admins issue them, stored hashed) and rate limits shared through Redis."""

import hashlib
import os
import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from api import create_app
from api.database import EXTENSION
from catalog.models import ApiKey

REDIS_URL = "redis://127.0.0.1:6379/0"


def _issue(client, headers, **body):
    return client.post("/api/v1/api-keys", json={"name": "Hotel partner", **body}, headers=headers)


def test_admins_issue_keys_that_are_stored_hashed(client, tokens, session):
    response = _issue(client, tokens["admin"], per_minute=30)
    assert response.status_code == 201
    body = response.get_json()
    assert body["key"].startswith("dsk_") and body["per_minute"] == 30
    stored = session.scalar(select(ApiKey).where(ApiKey.id == body["id"]))
    assert stored.digest == hashlib.sha256(body["key"].encode()).hexdigest()
    listed = client.get("/api/v1/api-keys", headers=tokens["admin"]).get_json()["items"]
    assert [k["id"] for k in listed] == [body["id"]] and "key" not in listed[0]


def test_only_admins_manage_keys(client, tokens):
    assert _issue(client, tokens["maranello"]).status_code == 403
    assert _issue(client, tokens["anonymous"]).status_code == 401
    assert client.get("/api/v1/api-keys", headers=tokens["sassuolo"]).status_code == 403


def test_a_revoked_or_unknown_key_is_refused(client, tokens):
    body = _issue(client, tokens["admin"]).get_json()
    key = {"X-API-Key": body["key"]}
    assert client.get("/api/v1/themes", headers=key).status_code == 200
    assert (
        client.delete(f"/api/v1/api-keys/{body['id']}", headers=tokens["admin"]).status_code == 204
    )
    refused = client.get("/api/v1/themes", headers=key)
    assert refused.status_code == 401 and refused.mimetype == "application/problem+json"
    assert client.get("/api/v1/themes", headers={"X-API-Key": "dsk_made_up"}).status_code == 401


def _limited_app(database_url, connection, **config):
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "SERVER_NAME": "localhost",
            "RATELIMIT_ENABLED": True,
            "DISTRETTO_ANONYMOUS_RATE_LIMIT": "3 per minute",
            **config,
        }
    )
    factory = sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
    app.extensions[EXTENSION].session_factory = factory
    app.extensions[EXTENSION].write_session_factory = factory
    return app


def test_anonymous_clients_get_429_with_headers(database_url, connection):
    client = _limited_app(database_url, connection).test_client()
    statuses = [client.get("/api/v1/themes").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/themes")
    assert refused.mimetype == "application/problem+json"
    assert int(refused.headers["Retry-After"]) > 0
    assert (
        refused.headers["RateLimit-Limit"] == "3" and refused.headers["RateLimit-Remaining"] == "0"
    )
    assert client.get("/api/v1/swagger.json").status_code == 200  # the docs are not limited


def test_a_key_has_its_own_limit(database_url, connection, session):
    from catalog.access.accounts import actor_for_user, load_user
    from catalog.access.api_keys import create_key
    from tests.conftest import make_user

    admin = actor_for_user(
        load_user(session, make_user(session, "a@example.org", "distretto", "admin").id)
    )
    secret = create_key(session, admin, "Portal", 5).secret
    client = _limited_app(database_url, connection).test_client()
    keyed = [
        client.get("/api/v1/themes", headers={"X-API-Key": secret}).status_code for _ in range(6)
    ]
    assert keyed == [200] * 5 + [429]
    assert client.get("/api/v1/themes").status_code == 200  # the address has its own bucket


def _redis_available() -> bool:
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError:
        return False


@pytest.fixture
def redis_url():
    if not _redis_available():
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not reachable at {REDIS_URL}, and CI needs it")
        pytest.skip("no Redis at 127.0.0.1:6379")
    return REDIS_URL


def test_the_limit_is_shared_across_workers_through_redis(database_url, connection, redis_url):
    config = {
        "RATELIMIT_STORAGE_URI": redis_url,
        "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}",
    }
    first = _limited_app(database_url, connection, **config).test_client()
    second = _limited_app(database_url, connection, **config).test_client()
    statuses = [
        first.get("/api/v1/themes").status_code,
        second.get("/api/v1/themes").status_code,
        first.get("/api/v1/themes").status_code,
        second.get("/api/v1/themes").status_code,
    ]
    assert statuses == [200, 200, 200, 429]
