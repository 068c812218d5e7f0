"""A contract partners can build on: `lang=` as forgiving as Accept-Language, a dependent
parameter without what it depends on is a 400 (never a silently wider query), `/api/v1/` is an
index of links, and an undeclared method is a 405 whatever the credentials."""

import pytest

API = "/api/v1"
PROBLEM_JSON = "application/problem+json"


# --- lang= reads like Accept-Language ------------------------------------------------------


@pytest.mark.parametrize(
    ("asked", "language"),
    [("EN", "en"), ("de-CH", "de"), ("DE-ch", "de"), ("zh-Hans-CN", "zh"), ("fr_FR", "fr")],
)
def test_lang_accepts_case_variants_and_regional_tags(client, asked, language):
    response = client.get(f"{API}/listings?lang={asked}&limit=1")
    assert response.status_code == 200, response.get_json()
    assert response.headers["Content-Language"] == language
    assert response.get_json()["items"][0]["language"] == language


@pytest.mark.parametrize("asked", ["ALL", "All", "*"])
def test_every_language_in_any_case(client, asked):
    response = client.get(f"{API}/kinds?lang={asked}")
    assert response.status_code == 200
    assert response.headers["Content-Language"].startswith("it, en, de")


def test_an_unconfigured_language_is_a_400_listing_the_supported_ones(client):
    response = client.get(f"{API}/listings?lang=pt-BR", headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert response.mimetype == PROBLEM_JSON
    message = response.get_json()["errors"]["lang"][0]
    assert "pt-BR" in message
    assert "it, en, de, fr, es, zh, ja, ru" in message


def test_a_bad_lang_is_explained_in_the_accept_language_language(client):
    german = client.get(f"{API}/listings?lang=pt-BR", headers={"Accept-Language": "de-CH, en"})
    english = client.get(f"{API}/listings?lang=pt-BR", headers={"Accept-Language": "en"})
    assert german.status_code == english.status_code == 400
    assert german.headers["Content-Language"] == "de"
    assert english.headers["Content-Language"] == "en"
    assert english.get_json()["title"] == "Invalid request"
    assert german.get_json()["title"] != english.get_json()["title"]
    assert german.get_json()["errors"]["lang"] != english.get_json()["errors"]["lang"]


def test_lang_still_wins_over_the_header(client):
    response = client.get(f"{API}/kinds?lang=FR", headers={"Accept-Language": "de"})
    assert response.headers["Content-Language"] == "fr"


# --- dependent parameters ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("radius_km=3", "radius_km"),
        ("radius_km=3&q=ferrari", "radius_km"),
        ("open_now=true&open_at=2015-06-10T10:00", "open_now"),
        ("cursor=abc", "cursor"),
        ("sort=distance", "sort"),
        ("sort=relevance", "sort"),
    ],
)
def test_a_dependent_parameter_alone_is_a_400_naming_it(client, query, field):
    response = client.get(f"{API}/listings?{query}&lang=en")
    assert response.status_code == 400, response.get_json()
    assert response.mimetype == PROBLEM_JSON
    assert field in response.get_json()["errors"]


def test_radius_with_near_still_narrows(client):
    near = "near=44.5297,10.8614"
    wide = client.get(f"{API}/listings?{near}&radius_km=300&limit=1").get_json()["total"]
    narrow = client.get(f"{API}/listings?{near}&radius_km=1&limit=1").get_json()["total"]
    assert client.get(f"{API}/listings?{near}&limit=1").status_code == 200
    assert narrow < wide


def test_a_radius_beside_a_bad_near_reports_near_only(client):
    errors = client.get(f"{API}/listings?near=nowhere&radius_km=3").get_json()["errors"]
    assert "near" in errors
    assert "radius_km" not in errors


def test_dependent_errors_come_with_the_other_field_errors(client):
    errors = client.get(f"{API}/listings?radius_km=3&limit=abc").get_json()["errors"]
    assert set(errors) == {"radius_km", "limit"}


@pytest.mark.parametrize("open_now", ["false", "0"])
def test_open_now_false_beside_open_at_is_harmless(client, open_now):
    query = f"open_now={open_now}&open_at=2015-06-10T10:00"
    assert client.get(f"{API}/listings?{query}").status_code == 200


def test_one_listing_refuses_two_moments_too(client):
    url = f"{API}/listings/museo-ferrari-maranello?open_now=true&open_at=2015-06-10T10:00"
    response = client.get(url)
    assert response.status_code == 400
    assert "open_now" in response.get_json()["errors"]


# --- discoverable --------------------------------------------------------------------------


def test_the_api_root_links_to_the_document_the_docs_and_the_collections(client):
    response = client.get(f"{API}/")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    links = response.get_json()["links"]
    assert links["swagger"] == "http://localhost/api/v1/swagger.json"
    assert links["docs"] == "http://localhost/api/v1/docs"
    collections = (
        "listings",
        "events",
        "packages",
        "campaigns",
        "municipalities",
        "themes",
        "kinds",
        "languages",
        "changes",
    )
    for name in collections:
        assert links[name] == f"http://localhost/api/v1/{name}"
    for url in links.values():
        assert client.get(url.removeprefix("http://localhost")).status_code == 200, url


@pytest.mark.parametrize("path", ["/", "/api", "/api/", "/api/v1"])
def test_the_entry_points_redirect_to_the_api_root(client, path):
    response = client.get(path)
    assert response.status_code in (301, 302, 307, 308)
    assert response.headers["Location"].removeprefix("http://localhost") == "/api/v1/"
    assert client.get(path, follow_redirects=True).status_code == 200


def test_the_root_carries_the_usual_headers(client):
    response = client.get(f"{API}/", headers={"Accept-Language": "de"})
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Language"] == "de"


# --- 405 before credentials ----------------------------------------------------------------

BAD_CREDENTIALS = [
    {},
    {"X-API-Key": "dsk_not-a-key"},
    {"Authorization": "Bearer not-a-token"},
]


@pytest.mark.parametrize("headers", BAD_CREDENTIALS)
@pytest.mark.parametrize(
    ("path", "allowed"),
    [("/events/x", {"GET", "PATCH", "DELETE"}), ("/listings", {"GET", "POST"})],
)
def test_an_undeclared_method_is_a_405_whatever_the_credentials(client, headers, path, allowed):
    response = client.open(f"{API}{path}", method="TRACE", headers=headers)
    assert response.status_code == 405
    assert response.mimetype == PROBLEM_JSON
    assert allowed <= {method.strip() for method in response.headers["Allow"].split(",")}


def test_an_undeclared_method_with_valid_credentials_is_a_405(client, tokens):
    response = client.open(f"{API}/listings", method="TRACE", headers=tokens["admin"])
    assert response.status_code == 405
    assert "Allow" in response.headers


def test_a_405_is_not_hidden_behind_a_bad_lang(client):
    response = client.open(f"{API}/listings?lang=xx", method="TRACE")
    assert response.status_code == 405


def test_bad_credentials_on_a_real_method_are_still_a_401(client):
    response = client.get(f"{API}/listings", headers={"X-API-Key": "dsk_not-a-key"})
    assert response.status_code == 401


def test_a_405_tells_nothing_about_a_key(client, tokens):
    """Routing answers before credentials are looked at, so an undeclared method is no oracle
    for guessing keys (Flask-Limiter does not count requests that match no route)."""
    issued = client.post(f"{API}/api-keys", json={"name": "probe"}, headers=tokens["admin"])
    good = {"X-API-Key": issued.get_json()["key"]}
    bad = {"X-API-Key": "dsk_not-a-key"}
    answers = [
        client.open(f"{API}/listings", method="TRACE", headers=headers) for headers in (good, bad)
    ]
    assert [answer.status_code for answer in answers] == [405, 405]
    assert answers[0].get_data() == answers[1].get_data()
    assert answers[0].headers["Allow"] == answers[1].headers["Allow"]
