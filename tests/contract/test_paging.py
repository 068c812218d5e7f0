"""Every collection pages the same way: members, links in the body and an RFC 8288 header."""

import pytest

from tests.contract.helpers import PROBLEM
from tests.contract.kinds import each_kind


def _page(client, kind, **params):
    return client.get(kind.path, query_string={**kind.list_params, **params})


@each_kind
def test_a_page_has_members_links_and_a_link_header(client, kind):
    response = _page(client, kind, limit=1)
    assert response.status_code == 200
    body = response.get_json()
    assert len(body["items"]) == 1 and body["total"] > 1
    assert (body["page"], body["limit"]) == (1, 1)
    assert set(body["links"]) == {"self", "first", "last", "next", "prev"}
    assert body["links"]["prev"] is None and body["links"]["next"]
    assert f'<{body["links"]["next"]}>; rel="next"' in response.headers["Link"]


@each_kind
def test_the_next_link_gives_page_two(client, kind):
    first = _page(client, kind, limit=1).get_json()
    second = client.get(first["links"]["next"])
    assert second.status_code == 200
    body = second.get_json()
    assert body["page"] == 2 and len(body["items"]) == 1
    assert body["items"] != first["items"] and body["links"]["prev"]


@pytest.mark.parametrize(
    ("good", "bad"),
    [({"limit": 100}, {"limit": 101}), ({"page": 1}, {"page": 0})],
    ids=["limit-over-maximum", "page-0"],
)
@each_kind
def test_out_of_range_paging_is_a_400_problem(client, app, kind, good, bad):
    assert app.config["DISTRETTO_MAX_PAGE_SIZE"] == 100
    assert _page(client, kind, **good).status_code == 200
    response = _page(client, kind, **bad)
    assert response.status_code == 400 and response.mimetype == PROBLEM
    assert set(response.get_json()["errors"]) == set(bad)
