"""Conditional reads and writes on a published item: ETag, If-None-Match, If-Match."""

from tests.contract.helpers import Item
from tests.contract.kinds import each_kind


@each_kind
def test_a_published_item_answers_304_to_its_etag(client, kind):
    first = client.get(kind.url(kind.published))
    assert first.status_code == 200 and first.headers["ETag"]
    again = client.get(kind.url(kind.published), headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


@each_kind
def test_a_patch_with_the_read_etag_works_and_makes_it_stale(client, tokens, kind):
    etag = client.get(kind.url(kind.published)).headers["ETag"]
    fresh = client.get(kind.url(kind.published), headers={"If-None-Match": etag})
    assert fresh.status_code == 304
    item = Item(client, kind, tokens["maranello"], kind.published)
    assert item.send("patch", if_match=etag).status_code == 200
    after = client.get(kind.url(kind.published), headers={"If-None-Match": etag})
    assert after.status_code == 200 and after.headers["ETag"] != etag
