"""Finding 7 (low): client errors answered 500. Each is a 4xx problem, on the production path.

Under TESTING an unhandled error would raise instead of answering, so each case runs in an
app as deployed (TESTING off) and in the test configuration, inside the test's transaction.
"""

import pytest

from api import create_app
from api.database import EXTENSION

PROBLEM = "application/problem+json"
LISTING = "/api/v1/listings/museo-ferrari-maranello"
HUGE = "100000000000000000000"


@pytest.fixture(params=[False, True], ids=["production", "testing"])
def client(request, app, database_url):
    built = create_app(
        {
            "DATABASE_URL": database_url,
            "TESTING": request.param,
            "SERVER_NAME": "localhost",
            "RATELIMIT_ENABLED": False,
        }
    )
    built.extensions[EXTENSION] = app.extensions[EXTENSION]
    return built.test_client()


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body = response.get_json()
    assert body["status"] == status and body["title"]
    assert "Traceback" not in response.get_data(as_text=True)
    return body


@pytest.mark.parametrize(
    ("url", "status", "parameter"),
    [
        # "²" passes str.isdigit() but not int(); ids beyond an Integer overflow PostgreSQL.
        ("/api/v1/listings/%C2%B2", 404, None),
        ("/api/v1/listings/99999999999999999999999", 404, None),
        ("/api/v1/listings/" + "9" * 5000, 404, None),
        ("/api/v1/itineraries/plan?start=99999999999999999999999&date=2015-06-10", 404, None),
        (f"/api/v1/listings?page={HUGE}", 400, "page"),
        (f"/api/v1/events?page={HUGE}", 400, "page"),
        (f"/api/v1/packages?page={HUGE}", 400, "page"),
        ("/api/v1/changes?since=r99999999999999999999999", 400, "since"),
        ("/api/v1/changes?since=r%C2%B2", 400, "since"),
        ("/api/v1/changes?since=0001-01-01T00:00:00", 400, "since"),
        # "2015-01-01T00:00:00|1": a cursor whose moment has no time zone.
        ("/api/v1/listings?sort=updated_at&cursor=MjAxNS0wMS0wMVQwMDowMDowMHwx", 400, "cursor"),
        ("/api/v1/listings?open_at=9999-12-31T23:59:59%2B00:00", 400, "open_at"),
        ("/api/v1/listings?updated_since=0001-01-01T00:00:00", 400, "updated_since"),
        ("/api/v1/events?from=9999-12-31", 400, "from"),
    ],
)
def test_client_errors_in_the_url_are_4xx_problems(client, url, status, parameter):
    body = _problem(client.get(url), status)
    if parameter:
        assert list(body["errors"]) == [parameter]


@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"email": "editor\\ud800@example.org", "password": "correct horse"}',
        '{"email": "editor@example.org", "password": "\\ud800 horse battery"}',
        '"\\ud800"',
    ],
    ids=["nested-100000", "surrogate-in-email", "surrogate-in-password", "surrogate-alone"],
)
def test_hostile_json_bodies_are_400_problems(client, body):
    response = client.post("/api/v1/auth/token", data=body, content_type="application/json")
    _problem(response, 400)


def _patch(client, tokens, body: str, if_match: str | None = None):
    read = client.get(LISTING, headers=tokens["maranello"])
    headers = {**tokens["maranello"], "If-Match": if_match or read.headers["ETag"]}
    response = client.patch(
        LISTING, data=body, content_type="application/merge-patch+json", headers=headers
    )
    after = client.get(LISTING, headers=tokens["maranello"])
    assert after.headers["ETag"] == read.headers["ETag"], "a refused patch changed nothing"
    return response


def _nested(depth: int) -> str:
    return '{"contacts": ' + '{"a": ' * (depth - 1) + "1" + "}" * depth


@pytest.mark.parametrize("depth", [33, 5_000])
def test_a_deeply_nested_merge_patch_is_a_400_problem(client, tokens, depth):
    body = _problem(_patch(client, tokens, _nested(depth)), 400)
    assert "32" in body["detail"]


def test_a_merge_patch_at_the_depth_limit_is_validated_as_usual(client, tokens):
    body = _problem(_patch(client, tokens, _nested(32)), 422)
    assert list(body["errors"]) == ["contacts.a"]


def test_an_if_match_with_thousands_of_digits_names_no_version(client, tokens):
    response = _patch(client, tokens, '{"price_range": null}', if_match='"v' + "9" * 5000 + '"')
    _problem(response, 412)
