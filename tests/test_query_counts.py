"""Constant SQL statements per request, whatever the page size: no N+1 anywhere."""

import pytest

from api.read_model.totals import init_totals


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/listings?limit={n}",
        "/api/v1/listings?limit={n}&theme=heritage,nature&sort=-updated_at",
        "/api/v1/listings?limit={n}&municipality=maranello,sassuolo&lang=de",
    ],
)
def test_listing_pages_issue_the_same_statements_for_1_and_100_items(
    app, client, count_queries, url
):
    counts = {}
    for size in (1, 100):
        init_totals(app)  # each size counts its matches: no total remembered from the other
        with count_queries() as counted:
            response = client.get(url.format(n=size))
        assert response.status_code == 200
        counts[size] = counted.value
    assert len(client.get(url.format(n=100)).get_json()["items"]) > 5
    assert counts[1] == counts[100], counts
    # catalog_state (cache validator and read model marker), municipality check, count, the
    # page's ids, their documents
    assert counts[100] <= 5, counts


def test_the_next_page_of_a_filter_reuses_its_total_until_a_write(client, count_queries, tokens):
    url = "/api/v1/listings?limit=5&theme=heritage&page={page}"
    first = client.get(url.format(page=1)).get_json()["total"]
    with count_queries() as counted:
        assert client.get(url.format(page=2)).get_json()["total"] == first
    assert not any("count(" in statement for statement in counted.statements)
    body = {
        "kind": "heritage",
        "themes": ["heritage"],
        "municipality": "maranello",
        "location": {"lat": 44.52, "lon": 10.86},
        "translations": {"it": {"name": "Torre del conteggio"}},
    }
    created = client.post("/api/v1/listings", json=body, headers=tokens["maranello"])
    etag = created.headers["ETag"]
    publish = {**tokens["maranello"], "If-Match": etag}
    assert (
        client.post("/api/v1/listings/torre-del-conteggio/publish", headers=publish).status_code
        == 200
    )
    assert client.get(url.format(page=3)).get_json()["total"] == first + 1


def test_detail_issues_a_fixed_small_number_of_statements(client, count_queries):
    with count_queries() as counted:
        assert client.get("/api/v1/listings/museo-ferrari-maranello").status_code == 200
    assert counted.value == 2, counted.statements  # catalog_state, the document


def test_municipalities_list_is_a_fixed_handful_of_statements(client, count_queries):
    with count_queries() as counted:
        assert client.get("/api/v1/municipalities").status_code == 200
    assert counted.value <= 4, counted.statements


@pytest.mark.parametrize(
    ("endpoint", "bigger"),
    [
        ("/api/v1/listings?q=castello&limit={n}", None),
        ("/api/v1/listings?near=44.55,10.8&radius_km=20&limit={n}", None),
        ("/api/v1/events?from=2015-01-01&to={to}", "2015-12-31"),
        ("/api/v1/packages?lang=de&campaign={c}", None),
    ],
)
def test_statement_counts_do_not_grow_with_the_result(app, client, count_queries, endpoint, bigger):
    small = endpoint.format(n=1, to="2015-01-31", c="cersaie-2024")
    large = endpoint.format(n=100, to=bigger or "2015-01-31", c="expo-2015")
    counts = []
    for url in (small, large):
        init_totals(app)
        with count_queries() as counted:
            assert client.get(url).status_code == 200
        counts.append(counted.value)
    assert counts[0] == counts[1] and counts[1] <= 10, counts


def test_detail_package_campaign_and_plan_have_fixed_statement_counts(client, count_queries):
    limits = {
        "/api/v1/packages/castelli-del-distretto": 8,
        "/api/v1/campaigns/expo-2015": 16,
        "/api/v1/itineraries/plan?hub=expo-2015&date=2015-06-10": 11,
        # Per day: the sights, the tables, the beds (a chunk each here); then the presenting.
        "/api/v1/itineraries/plan?hub=expo-2015&date=2015-06-10&days=3": 18,
        "/api/v1/events/festa-della-beata-vergine-del-castello": 6,
    }
    for url, limit in limits.items():
        with count_queries() as counted:
            assert client.get(url).status_code == 200
        assert counted.value <= limit, (url, counted.value, counted.statements)
