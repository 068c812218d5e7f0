"""Public reads answered below Flask (api/public_reads.py): the stored bytes and headers, one
statement, fresh after every write, never for credentials, CORS or an app that limits rates."""

from api import create_app
from api.database import EXTENSION
from api.public_reads import PublicReads

URL = "/api/v1/listings?limit=5&theme=motor&lang=de"


def _statements(count_queries, client, url, **kwargs):
    with count_queries() as counted:
        response = client.get(url, **kwargs)
    return response, counted.statements


def test_a_repeated_read_is_the_stored_answer_for_one_statement(app, client, count_queries):
    assert isinstance(app.wsgi_app, PublicReads)
    first, _ = _statements(count_queries, client, URL)
    again, statements = _statements(count_queries, client, URL)
    assert len(statements) == 1 and "catalog_state" in statements[0]
    assert again.data == first.data
    assert sorted(again.headers.items()) == sorted(first.headers.items())
    assert "Content-Security-Policy" in again.headers and "ETag" in again.headers


def _without_limits(headers) -> list:
    return [(k, v) for k, v in headers.items() if not k.startswith("RateLimit")]


def test_a_matching_etag_is_a_304_without_a_body(app, client, count_queries):
    etag = client.get(URL).headers["ETag"]
    response, statements = _statements(count_queries, client, URL, headers={"If-None-Match": etag})
    assert response.status_code == 304 and response.data == b""
    assert response.headers["ETag"] == etag and "Content-Type" not in response.headers
    assert len(statements) == 1
    limited = create_app({**app.config, "RATELIMIT_ENABLED": True})
    limited.extensions[EXTENSION] = app.extensions[EXTENSION]
    own = limited.test_client().get(URL, headers={"If-None-Match": etag})
    assert own.status_code == 304  # the app's own 304 says the same
    assert _without_limits(own.headers) == _without_limits(response.headers)  # same order
    head = client.head(URL)
    assert head.status_code == 200 and head.data == b""


def test_a_write_makes_the_next_read_fresh(client, tokens):
    url = "/api/v1/listings/museo-ferrari-maranello?lang=en"
    before = client.get(url)
    assert client.get(url).data == before.data
    patch = {"translations": {"en": {"summary": "Read fresh after a write."}}}
    headers = {**tokens["maranello"], "If-Match": before.headers["ETag"]}
    assert client.patch(url, json=patch, headers=headers).status_code == 200
    after = client.get(url)
    assert after.get_json()["summary"] == "Read fresh after a write."
    assert after.headers["ETag"] != before.headers["ETag"]
    stale = client.get(url, headers={"If-None-Match": before.headers["ETag"]})
    assert stale.status_code == 200


def test_credentials_and_cross_origin_reads_go_to_the_app(client, tokens, count_queries):
    client.get(URL)
    for headers in (tokens["maranello"], {"Origin": "https://partner.example"}):
        response, statements = _statements(count_queries, client, URL, headers=headers)
        assert response.status_code == 200
        assert len(statements) > 1, headers


def test_an_app_that_limits_rates_answers_every_request_itself(database_url, app):
    limited = create_app(
        {"DATABASE_URL": database_url, "TESTING": True, "SERVER_NAME": "localhost"}
    )
    limited.extensions[EXTENSION] = app.extensions[EXTENSION]
    assert not isinstance(limited.wsgi_app, PublicReads)
    client = limited.test_client()
    remaining = [int(client.get(URL).headers["RateLimit-Remaining"]) for _ in range(2)]
    assert remaining[1] == remaining[0] - 1
