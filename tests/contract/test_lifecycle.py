"""Create a draft, change it, publish, unpublish, delete and restore: each with If-Match."""

import pytest

from tests.contract.helpers import PROBLEM, SLUG, Item
from tests.contract.kinds import each_kind


@each_kind
def test_post_creates_a_draft_only_its_town_sees(client, tokens, kind):
    item = Item.draft(client, kind, tokens["maranello"])
    assert item.created.headers["Location"].endswith(kind.url(SLUG))
    assert item.created.headers["ETag"] == '"v1-it"'
    assert item.read(tokens["anonymous"]).status_code == 404
    assert item.read(tokens["sassuolo"]).status_code == 404
    assert item.read().status_code == 200


@each_kind
def test_patch_changes_the_item_and_bumps_the_version(client, tokens, kind):
    item = Item.draft(client, kind, tokens["maranello"])
    item.do("patch")
    assert item.etag == '"v2-it"'
    shown = item.read().get_json()
    assert {key: shown[key] for key in kind.patch} == kind.patch


# action: the steps that make it valid (each leaves the item at version 2 or more)
SETUPS = {
    "patch": ["publish"],
    "publish": ["patch"],
    "unpublish": ["publish"],
    "delete": ["publish"],
    "restore": ["publish", "delete"],
    "revert": ["patch"],
}


@pytest.mark.parametrize("action", SETUPS)
@each_kind
def test_every_write_needs_the_current_if_match(client, tokens, kind, action):
    item = Item.draft(client, kind, tokens["maranello"])
    item.do(*SETUPS[action])
    current = item.etag
    missing = item.send(action, if_match="")
    assert missing.status_code == 428 and missing.mimetype == PROBLEM
    stale = item.send(action, if_match='"v1-it"')
    assert stale.status_code == 412 and stale.mimetype == PROBLEM
    assert item.read().headers["ETag"] == current  # refused writes change nothing
    item.do(action)
    assert item.etag == f'"v{len(SETUPS[action]) + 2}-it"'


@each_kind
def test_publish_and_unpublish_show_and_hide_it(client, tokens, kind):
    item = Item.draft(client, kind, tokens["maranello"])
    item.do("publish")
    assert item.public_status() == 200
    item.do("unpublish")
    assert item.public_status() == 404 and item.read().status_code == 200


@pytest.mark.parametrize(
    ("steps", "public"), [([], 404), (["publish"], 200)], ids=["draft", "published"]
)
@each_kind
def test_delete_archives_and_restore_brings_back_the_status(client, tokens, kind, steps, public):
    item = Item.draft(client, kind, tokens["maranello"])
    item.do(*steps, "delete")
    assert item.public_status() == 404
    item.do("restore")
    assert item.public_status() == public
    assert item.read().status_code == 200


@each_kind
def test_a_write_that_changes_nothing_keeps_the_version(client, tokens, kind):
    item = Item.draft(client, kind, tokens["maranello"])
    item.do("patch")
    again = item.send("patch")
    assert again.status_code == 200 and again.headers["ETag"] == '"v2-it"'
    assert len(item.revisions()) == 2


@each_kind
def test_status_is_server_owned_on_create(client, tokens, kind):
    body = {**kind.new_body(SLUG), "status": "published"}
    response = client.post(kind.path, json=body, headers=tokens["maranello"])
    assert response.status_code == 422 and "status" in response.get_json()["errors"]
    assert client.get(kind.url(SLUG), headers=tokens["maranello"]).status_code == 404


@each_kind
def test_status_is_server_owned_on_patch(client, tokens, kind):
    item = Item.draft(client, kind, tokens["maranello"])
    response = item.send("patch", json={"status": "published"})
    assert response.status_code == 422 and "status" in response.get_json()["errors"]
    assert item.public_status() == 404 and item.read().headers["ETag"] == '"v1-it"'
