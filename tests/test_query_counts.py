"""Constant SQL statements per request, whatever the page size: no N+1 anywhere."""

import pytest


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/listings?limit={n}",
        "/api/v1/listings?limit={n}&theme=heritage,nature&sort=-updated_at",
        "/api/v1/listings?limit={n}&municipality=maranello,sassuolo&lang=de",
    ],
)
def test_listing_pages_issue_the_same_statements_for_1_and_100_items(client, count_queries, url):
    counts = {}
    for size in (1, 100):
        with count_queries() as counted:
            response = client.get(url.format(n=size))
        assert response.status_code == 200
        counts[size] = counted.value
    assert len(client.get(url.format(n=100)).get_json()["items"]) > 5
    assert counts[1] == counts[100], counts
    assert (
        counts[100] <= 9
    )  # catalog_state (cache validator), count, page, 5 eager loads, municipality check


def test_detail_issues_a_fixed_small_number_of_statements(client, count_queries):
    with count_queries() as counted:
        assert client.get("/api/v1/listings/museo-ferrari-maranello").status_code == 200
    assert counted.value <= 6


def test_municipalities_list_is_a_fixed_handful_of_statements(client, count_queries):
    with count_queries() as counted:
        assert client.get("/api/v1/municipalities").status_code == 200
    assert counted.value <= 4, counted.statements
