"""Sync (updated_since, cursor paging, /changes) and HTTP caching (ETag, 304, Cache-Control)."""

from datetime import UTC, datetime

from sqlalchemy import select

from catalog.models import Listing
from tests.test_editing import NEW


def test_cursor_paging_walks_every_listing_once_in_update_order(client):
    seen, url = [], "/api/v1/listings?sort=updated_at&limit=7"
    while True:
        body = client.get(url).get_json()
        seen += [(item["updated_at"], item["id"]) for item in body["items"]]
        if not body["next_cursor"]:
            break
        url = f"/api/v1/listings?sort=updated_at&limit=7&cursor={body['next_cursor']}"
    total = client.get("/api/v1/listings").get_json()["total"]
    assert len(seen) == len(set(seen)) == total
    assert seen == sorted(seen)


def test_a_cursor_needs_sort_by_update(client):
    first = client.get("/api/v1/listings?sort=updated_at&limit=2").get_json()
    assert client.get(f"/api/v1/listings?cursor={first['next_cursor']}").status_code == 400
    assert client.get("/api/v1/listings?sort=updated_at&cursor=%%%").status_code == 400


def test_updated_since_returns_only_what_changed(client, session):
    listing = session.scalar(select(Listing).where(Listing.slug == "casa-spallanzani"))
    listing.updated_at = datetime(2031, 1, 1, tzinfo=UTC)
    session.flush()
    body = client.get("/api/v1/listings?updated_since=2030-12-31T00:00:00Z").get_json()
    assert [item["slug"] for item in body["items"]] == ["casa-spallanzani"]


def _all_changes(client, since=""):
    items, url = [], f"/api/v1/changes?limit=50&since={since}"
    while True:
        body = client.get(url).get_json()
        items += body["items"]
        if not body["more"]:
            return items, body["cursor"]
        url = body["next"]


def test_the_change_feed_mirrors_creates_and_deletes_but_not_drafts(client, tokens):
    initial, cursor = _all_changes(client)
    assert {item["change"] for item in initial} == {"created"}
    assert (
        len({item["slug"] for item in initial})
        == client.get("/api/v1/listings").get_json()["total"]
    )

    headers = tokens["maranello"]
    client.post("/api/v1/listings", json={**NEW, "slug": "torre-del-feed"}, headers=headers)
    drafts_only, cursor = _all_changes(client, cursor)
    assert drafts_only == []

    def act(method, path=""):
        etag = client.get("/api/v1/listings/torre-del-feed", headers=headers).headers["ETag"]
        url = f"/api/v1/listings/torre-del-feed{path}"
        assert (
            client.open(url, method=method, headers={**headers, "If-Match": etag}).status_code
            == 200
        )

    act("POST", "/publish")
    act("DELETE")
    changes, cursor = _all_changes(client, cursor)
    assert [(c["slug"], c["change"]) for c in changes] == [
        ("torre-del-feed", "created"),
        ("torre-del-feed", "deleted"),
    ]
    assert changes[1]["url"] is None and changes[0]["url"].endswith("/torre-del-feed")
    assert _all_changes(client, cursor)[0] == []


def test_the_feed_accepts_a_moment(client):
    future = client.get("/api/v1/changes?since=2099-01-01T00:00:00Z").get_json()
    assert future["items"] == [] and future["more"] is False
    assert client.get("/api/v1/changes?since=yesterday").status_code == 400


def test_public_reads_carry_validators_and_answer_304(client):
    first = client.get("/api/v1/listings?theme=motor")
    assert first.headers["Cache-Control"] == "public, max-age=60"
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    again = client.get(
        "/api/v1/listings?theme=motor", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304 and again.data == b""
    since = client.get(
        "/api/v1/listings?theme=motor",
        headers={"If-Modified-Since": first.headers["Last-Modified"]},
    )
    assert since.status_code == 304


def test_a_304_costs_no_listing_query(client, count_queries):
    etag = client.get("/api/v1/listings?limit=100").headers["ETag"]
    with count_queries() as counted:
        response = client.get("/api/v1/listings?limit=100", headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert counted.value == 1 and "catalog_state" in counted.statements[0]
    assert not any("listings" in statement for statement in counted.statements)


def test_our_own_etag_answers_304_without_parsing_the_query_again(client, monkeypatch):
    """The catalogue ETag is keyed with SECRET_KEY: matching it proves the same request was
    valid at this version, so the 304 skips the query schema; a made-up tag cannot skip it."""
    url = "/api/v1/listings?limit=100&theme=motor"
    etag = client.get(url).headers["ETag"]

    def parsed() -> bool:
        raise AssertionError("the query string was parsed again")

    monkeypatch.setattr("api.caching._valid_query", parsed)
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    monkeypatch.undo()
    version = etag.strip('"').split("-")[0]
    forged = client.get(
        "/api/v1/listings?limit=abc", headers={"If-None-Match": f'"{version}-0000000000000000"'}
    )
    assert forged.status_code == 400
    assert (
        client.get("/api/v1/listings?limit=abc", headers={"If-None-Match": "*"}).status_code == 400
    )


def test_the_etag_varies_with_language_and_request(client):
    italian = client.get("/api/v1/listings?theme=motor").headers["ETag"]
    german = client.get("/api/v1/listings?theme=motor", headers={"Accept-Language": "de"}).headers[
        "ETag"
    ]
    other = client.get("/api/v1/listings?theme=nature").headers["ETag"]
    assert len({italian, german, other}) == 3
    stale = client.get(
        "/api/v1/listings?theme=motor", headers={"If-None-Match": italian, "Accept-Language": "de"}
    )
    assert stale.status_code == 200


def test_a_write_makes_old_etags_stale(client, tokens):
    etag = client.get("/api/v1/listings?theme=heritage").headers["ETag"]
    client.post("/api/v1/listings", json=NEW, headers=tokens["maranello"])
    after = client.get("/api/v1/listings?theme=heritage", headers={"If-None-Match": etag})
    assert after.status_code == 200 and after.headers["ETag"] != etag


def test_a_single_listing_304s_on_its_version(client, count_queries):
    etag = client.get("/api/v1/listings/museo-ferrari-maranello?lang=en").headers["ETag"]
    assert etag == '"v1-en"'
    with count_queries() as counted:
        response = client.get(
            "/api/v1/listings/museo-ferrari-maranello?lang=en", headers={"If-None-Match": etag}
        )
    assert response.status_code == 304 and counted.value == 1


def test_authenticated_reads_are_private(client, tokens):
    response = client.get("/api/v1/listings", headers=tokens["maranello"])
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert "Authorization" in response.headers["Vary"]


def test_cors_reads_from_anywhere_writes_from_configured_origins(database_url, connection):
    from sqlalchemy.orm import sessionmaker

    from api import create_app
    from api.database import EXTENSION

    app = create_app(
        {
            "DATABASE_URL": database_url,
            "SERVER_NAME": "localhost",
            "RATELIMIT_ENABLED": False,
            "DISTRETTO_CORS_WRITE_ORIGINS": ("https://portal.example",),
        }
    )
    app.extensions[EXTENSION].session_factory = sessionmaker(bind=connection)
    client = app.test_client()
    read = client.get("/api/v1/themes", headers={"Origin": "https://anyone.example"})
    assert read.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in read.headers
    assert "ETag" in read.headers["Access-Control-Expose-Headers"]
    preflight = {"Access-Control-Request-Method": "PATCH"}
    stranger = client.options(
        "/api/v1/listings/1", headers={"Origin": "https://anyone.example", **preflight}
    )
    assert "PATCH" not in stranger.headers.get("Access-Control-Allow-Methods", "")
    trusted = client.options(
        "/api/v1/listings/1", headers={"Origin": "https://portal.example", **preflight}
    )
    assert trusted.headers["Access-Control-Allow-Origin"] == "https://portal.example"
    assert "PATCH" in trusted.headers["Access-Control-Allow-Methods"]
    assert "If-Match" in trusted.headers["Access-Control-Allow-Headers"]


def test_repeated_public_reads_come_from_the_response_cache(client, count_queries, tokens):
    url = "/api/v1/listings?theme=heritage&limit=50&lang=fr"
    first = client.get(url)
    with count_queries() as counted:
        again = client.get(url)
    assert again.status_code == 200 and again.data == first.data
    assert again.headers["ETag"] == first.headers["ETag"] and "Link" in again.headers
    assert counted.value == 1 and "catalog_state" in counted.statements[0]
    client.post("/api/v1/listings", json={**NEW, "themes": ["heritage"]}, headers=tokens["admin"])
    etag = client.get("/api/v1/listings/torre-di-prova", headers=tokens["admin"]).headers["ETag"]
    publish = {**tokens["admin"], "If-Match": etag}
    client.post("/api/v1/listings/torre-di-prova/publish", headers=publish)
    fresh = client.get(url)
    assert fresh.headers["ETag"] != first.headers["ETag"]
    assert fresh.get_json()["total"] == first.get_json()["total"] + 1
