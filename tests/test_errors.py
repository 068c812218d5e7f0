"""Every error is RFC 9457 problem+json: 400, 404, 405 and 500, in tests and in production."""

import pytest

from api import create_app
from api.database import EXTENSION


def _problem(response, status):
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status
    assert body["type"] and body["title"]
    assert "Traceback" not in response.get_data(as_text=True)
    return body


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/listings?limit=abc", "limit"),
        ("/api/v1/listings?page=0", "page"),
        ("/api/v1/listings?theme=nonsense", "theme"),
        ("/api/v1/listings?kind=castle", "kind"),
        ("/api/v1/listings?sort=price", "sort"),
        ("/api/v1/listings?colour=red", "colour"),
        ("/api/v1/listings?page=1&page=2", "page"),
        ("/api/v1/municipalities?limit=5", "limit"),
        ("/api/v1/themes?x=1", "x"),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(client, url, parameter):
    body = _problem(client.get(url), 400)
    assert list(body["errors"]) == [parameter]
    assert parameter in body["detail"]


def test_the_bad_value_is_quoted_back(client):
    body = _problem(client.get("/api/v1/listings?theme=motor,nonsense"), 400)
    assert "nonsense" in body["errors"]["theme"][0]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/listings/no-such-place",
        "/api/v1/listings/999999",
        "/api/v1/municipalities/modena",
        "/api/v1/nothing",
        "/nothing",
    ],
)
def test_not_found_is_a_404_problem(client, url):
    _problem(client.get(url), 404)


def test_wrong_method_is_a_405_problem_with_allow(client):
    response = client.delete("/api/v1/themes")
    _problem(response, 405)
    assert "GET" in response.headers["Allow"]


def _failing_app(database_url, connection, monkeypatch, testing):
    from sqlalchemy.orm import sessionmaker

    app = create_app({"DATABASE_URL": database_url, "TESTING": testing, "SERVER_NAME": "localhost"})
    app.extensions[EXTENSION].session_factory = sessionmaker(bind=connection)

    def explode(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr("catalog.listings.queries.list_listings", explode)
    monkeypatch.setattr("catalog.listings.queries.list_documents", explode)
    return app


@pytest.mark.parametrize("testing", [False, True], ids=["production", "testing"])
def test_an_unexpected_error_is_a_500_problem_without_internals(
    database_url, connection, monkeypatch, testing
):
    app = _failing_app(database_url, connection, monkeypatch, testing)
    assert app.config["PROPAGATE_EXCEPTIONS"] is None
    response = app.test_client().get("/api/v1/listings")
    body = _problem(response, 500)
    assert "secret internal detail" not in response.get_data(as_text=True)
    assert body["detail"]


def test_problem_titles_are_translated(client):
    italian = _problem(client.get("/api/v1/listings/nessuno"), 404)
    english = _problem(client.get("/api/v1/listings/nessuno?lang=en"), 404)
    assert english["title"] == "Not Found"
    assert italian["title"] != english["title"]
