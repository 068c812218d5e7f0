"""q=: ranked full-text search in every language, accent- and case-insensitive, by prefix."""

import pytest

from tests.test_editing import NEW


def _slugs(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.get_json()
    return [item["slug"] for item in response.get_json()["items"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ceramica", "museo-della-ceramica-di-fiorano"),
        ("CERAMICA", "museo-della-ceramica-di-fiorano"),
        ("céramique", "museo-della-ceramica-di-fiorano"),
        ("Spallanz", "casa-spallanzani"),
        ("salse nirano", "riserva-naturale-regionale-delle-salse-di-nirano"),
        ("法拉利博物馆", "museo-ferrari-maranello"),
        ("フェラーリ", "museo-ferrari-maranello"),
        ("Феррари", "museo-ferrari-maranello"),
        ("balsamic-vinegar", "acetaia-comunale-di-fiorano"),
    ],
)
def test_search_finds_in_any_language(client, query, expected):
    assert expected in _slugs(client, f"/api/v1/listings?q={query}&limit=100")


def test_accents_do_not_matter_either_way(client):
    assert _slugs(client, "/api/v1/listings?q=citta&limit=100") == _slugs(
        client, "/api/v1/listings?q=città&limit=100"
    )


def test_prefixes_match_for_type_ahead(client):
    assert "museo-ferrari-maranello" in _slugs(client, "/api/v1/listings?q=ferr&limit=100")
    assert "museo-ferrari-maranello" in _slugs(
        client, "/api/v1/listings?q=Maranel%20muse&limit=100"
    )


def test_the_best_match_comes_first(client):
    assert _slugs(client, "/api/v1/listings?q=museo%20ferrari")[0] == "museo-ferrari-maranello"


def test_search_combines_with_filters(client):
    everywhere = set(_slugs(client, "/api/v1/listings?q=castello&limit=100"))
    scandiano = set(_slugs(client, "/api/v1/listings?q=castello&municipality=scandiano&limit=100"))
    assert scandiano and scandiano < everywhere
    assert "castello-di-arceto" in scandiano


def test_nothing_matches_nonsense(client):
    body = client.get("/api/v1/listings?q=zzzyxq").get_json()
    assert body["total"] == 0 and body["items"] == []


def test_relevance_needs_q(client):
    assert client.get("/api/v1/listings?sort=relevance").status_code == 400


def test_the_index_follows_every_write(client, tokens):
    headers = tokens["maranello"]
    client.post("/api/v1/listings", json={**NEW, "slug": "torre-per-la-ricerca"}, headers=headers)
    assert _slugs(client, "/api/v1/listings?q=torre%20di%20prova&status=draft", **headers) == [
        "torre-per-la-ricerca"
    ]
    etag = client.get("/api/v1/listings/torre-per-la-ricerca", headers=headers).headers["ETag"]
    patch = {"translations": {"it": {"name": "Torre Zafferano"}, "en": {"name": "Saffron tower"}}}
    response = client.patch(
        "/api/v1/listings/torre-per-la-ricerca", json=patch, headers={**headers, "If-Match": etag}
    )
    assert response.status_code == 200
    assert _slugs(client, "/api/v1/listings?q=zafferano&status=draft", **headers) == [
        "torre-per-la-ricerca"
    ]
    assert _slugs(client, "/api/v1/listings?q=saffron&status=draft", **headers) == [
        "torre-per-la-ricerca"
    ]
    assert "torre-per-la-ricerca" not in _slugs(client, "/api/v1/listings?q=zafferano")  # a draft
