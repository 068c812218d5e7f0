"""Revisions: oldest first, field by field; one of them; an old state back as a new revision."""

from tests.contract.helpers import PROBLEM, Item
from tests.contract.kinds import each_kind


@each_kind
def test_revisions_list_actions_and_field_changes_oldest_first(client, tokens, kind):
    item = Item.draft(client, kind, tokens["maranello"])
    item.do("patch", "publish")
    history = item.revisions()
    assert [r["number"] for r in history] == [1, 2, 3]
    assert [r["action"] for r in history] == ["create", "update", "publish"]
    changes = history[1]["changes"]
    assert {key: changes[key][1] for key in kind.patch} == kind.patch
    assert history[2]["changes"] == {"status": ["draft", "published"]}


@each_kind
def test_one_revision_and_a_missing_one(client, tokens, kind):
    item = Item.draft(client, kind, tokens["maranello"])
    item.do("patch")
    second = client.get(item.url + "/revisions/2", headers=item.headers)
    assert second.status_code == 200
    assert (second.get_json()["number"], second.get_json()["action"]) == (2, "update")
    missing = client.get(item.url + "/revisions/99", headers=item.headers)
    assert missing.status_code == 404 and missing.mimetype == PROBLEM


@each_kind
def test_restoring_a_revision_is_a_new_revision_and_keeps_the_status(client, tokens, kind):
    item = Item.draft(client, kind, tokens["maranello"])
    original = {key: item.created.get_json()[key] for key in kind.patch}
    assert original != kind.patch
    item.do("patch", "publish", "revert")
    assert item.etag == '"v4-it"'
    shown = item.read().get_json()
    assert {key: shown[key] for key in kind.patch} == original
    assert item.public_status() == 200  # still published
    assert [r["action"] for r in item.revisions()] == ["create", "update", "publish", "revert:1"]
