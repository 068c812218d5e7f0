"""Sync that never skips (cursor links, a cursor ahead of the feed) and errors that tell the
truth (search input is never database syntax; only an unavailable database is a 503)."""

import sqlite3
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import exc as sqlalchemy_errors

from api.errors import database_unavailable

PROBLEM = "application/problem+json"


def _query(url: str) -> dict:
    return parse_qs(urlsplit(url).query)


def test_following_next_from_the_first_update_page_visits_every_listing_once(client):
    seen, url = [], "/api/v1/listings?sort=updated_at&limit=7"
    first = True
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        seen += [item["id"] for item in body["items"]]
        links = body["links"]
        if not first:
            assert set(links) == {"self", "next"}, links
        if links["next"]:
            assert "page" not in _query(links["next"])
            assert _query(links["next"])["cursor"] == [body["next_cursor"]]
            assert f'<{links["next"]}>; rel="next"' in response.headers["Link"]
        else:
            assert body["next_cursor"] is None
        first, url = False, links["next"]
    total = client.get("/api/v1/listings").get_json()["total"]
    assert len(seen) == len(set(seen)) == total


def test_a_cursor_page_links_only_forward(client):
    first = client.get("/api/v1/listings?sort=updated_at&limit=7").get_json()
    response = client.get(f"/api/v1/listings?sort=updated_at&limit=7&cursor={first['next_cursor']}")
    body = response.get_json()
    assert set(body["links"]) == {"self", "next"}
    assert body["next_cursor"] and 'rel="last"' not in response.headers["Link"]
    assert 'rel="prev"' not in response.headers["Link"]


def test_page_with_a_cursor_is_a_400(client):
    first = client.get("/api/v1/listings?sort=updated_at&limit=7").get_json()
    response = client.get(
        f"/api/v1/listings?sort=updated_at&limit=7&cursor={first['next_cursor']}&page=2"
    )
    assert response.status_code == 400 and response.mimetype == PROBLEM
    assert set(response.get_json()["errors"]) == {"page"}


def test_other_sorts_still_page_by_number(client):
    body = client.get("/api/v1/listings?sort=name&limit=7").get_json()
    assert _query(body["links"]["next"])["page"] == ["2"] and body["next_cursor"] is None


def _head(client) -> str:
    cursor = ""
    while True:
        body = client.get(f"/api/v1/changes?limit=1000&since={cursor}").get_json()
        cursor = body["cursor"]
        if not body["more"]:
            return cursor


def test_a_cursor_ahead_of_the_feed_is_a_410(client):
    head = _head(client)
    assert client.get(f"/api/v1/changes?since={head}").status_code == 200
    ahead = f"r{int(head[1:]) + 1000}"
    response = client.get(f"/api/v1/changes?since={ahead}")
    assert response.status_code == 410 and response.mimetype == PROBLEM
    body = response.get_json()
    assert body["status"] == 410 and ahead in body["detail"]
    assert "since" not in body["restart"]


def test_the_410_is_documented(client):
    spec = client.get("/api/v1/swagger.json").get_json()
    assert "410" in spec["paths"]["/changes"]["get"]["responses"]


HOSTILE = (
    [
        '"',
        "'",
        "*",
        "(",
        ")",
        "\\",
        "^",
        ":",
        "-",
        "!",
        "&",
        "|",
        "<->",
        "NEAR(",
        "NEAR(a b)",
        "AND",
        "OR",
        "NOT",
        "a AND",
        "OR b",
        "NOT c",
        '"unbalanced',
        "unbalanced'",
        "a*b",
        "^a",
        "a:b",
        "col:ceramica",
        "a & b",
        "a | b",
        "!a",
        "a <-> b",
        "(a OR b)",
        "a\\",
        "\\'",
        "''",
        '""',
        "a -b",
        "-a",
        "_",
        "__",
        "a_b",
        "½",
        "²",
        "ª",
        "ce*ra:mi^ca",
        "x" * 200,
        "ceramica " * 22,
        "法拉利 <-> 博物馆",
        "ceram\\' | ( ferrari",
    ]
    + [chr(code) for code in range(1, 0x20)]
    + [f"cera{chr(code)}mica" for code in range(1, 0x20)]
)


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_search_input_is_never_database_syntax(client, query):
    response = client.get("/api/v1/listings", query_string={"q": query})
    assert response.status_code in (200, 400), (query, response.get_json())
    if response.status_code == 400:
        assert set(response.get_json()["errors"]) == {"q"}


@pytest.mark.parametrize("query", ['"', "'", "*", "(", "\\", "\x03"])
def test_a_query_without_a_word_says_so(client, query):
    response = client.get("/api/v1/listings", query_string={"q": query})
    assert response.status_code == 400 and response.mimetype == PROBLEM
    assert "Retry-After" not in response.headers


def test_punctuation_separates_words(client):
    plain = client.get("/api/v1/listings?q=museo%20ferrari").get_json()
    noisy = client.get('/api/v1/listings?q="museo"%20(ferrari*').get_json()
    assert [i["id"] for i in noisy["items"]] == [i["id"] for i in plain["items"]]
    assert plain["total"] > 0


def _operational(orig: BaseException) -> sqlalchemy_errors.OperationalError:
    return sqlalchemy_errors.OperationalError("SELECT 1", {}, orig)


class _PgError(Exception):
    def __init__(self, sqlstate):
        super().__init__("pg")
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("orig", "unavailable"),
    [
        (sqlite3.OperationalError("database is locked"), True),
        (sqlite3.OperationalError("unable to open database file"), True),
        (sqlite3.OperationalError("database or disk is full"), True),
        (sqlite3.OperationalError("attempt to write a readonly database"), True),
        (sqlite3.OperationalError('fts5: syntax error near ""'), False),
        (sqlite3.OperationalError("no such column: x"), False),
        (_PgError(None), True),
        (_PgError("08006"), True),
        (_PgError("57P01"), True),
        (_PgError("53300"), True),
        (_PgError("42601"), False),
        (_PgError("57014"), False),
    ],
)
def test_only_an_unavailable_database_is_an_outage(orig, unavailable):
    assert database_unavailable(_operational(orig)) is unavailable


def test_any_other_database_error_is_a_logged_500(app, caplog):
    from api.errors import to_problem

    with app.test_request_context("/api/v1/listings"):
        response = to_problem(_operational(sqlite3.OperationalError("no such table: x")))
    assert response.status_code == 500 and "Retry-After" not in response.headers
    assert any(record.exc_info for record in caplog.records)
