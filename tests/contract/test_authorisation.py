"""Who may write: the public never, the other town not, admins always; unknown is 404."""

import pytest

from tests.contract.helpers import PROBLEM, STEPS, Item
from tests.contract.kinds import each_kind

ROUTES = [
    ("GET", ""),
    ("PATCH", ""),
    ("DELETE", ""),
    ("POST", "/publish"),
    ("POST", "/unpublish"),
    ("POST", "/restore"),
    ("GET", "/revisions"),
    ("GET", "/revisions/1"),
    ("POST", "/revisions/1/restore"),
]


@pytest.mark.parametrize("step", STEPS)
@each_kind
def test_anonymous_writes_are_401(client, tokens, kind, step):
    item = Item.seeded(client, kind, tokens["maranello"])
    assert item.send(step, headers=tokens["anonymous"]).status_code == 401
    assert item.public_status() == 200


@each_kind
def test_anonymous_create_is_401(client, kind):
    assert client.post(kind.path, json=kind.new_body("anonima")).status_code == 401


@pytest.mark.parametrize("step", ["patch", "publish", "unpublish", "delete"])
@each_kind
def test_the_other_town_is_403_on_a_published_item(client, tokens, kind, step):
    item = Item.seeded(client, kind, tokens["maranello"])
    assert item.send(step, headers=tokens["sassuolo"]).status_code == 403
    assert item.read().headers["ETag"] == item.etag


@pytest.mark.parametrize("step", ["patch", "publish"])
@each_kind
def test_the_other_town_cannot_touch_a_draft(client, tokens, kind, step):
    item = Item.draft(client, kind, tokens["maranello"])
    assert item.send(step, headers=tokens["sassuolo"]).status_code in (403, 404)
    assert item.read().headers["ETag"] == '"v1-it"'


@each_kind
def test_the_other_town_cannot_create_in_maranello(client, tokens, kind):
    response = client.post(kind.path, json=kind.new_body("altrove"), headers=tokens["sassuolo"])
    assert response.status_code == 403


@each_kind
def test_an_admin_can_act_on_a_town_item(client, tokens, kind):
    item = Item.draft(client, kind, tokens["maranello"])
    item.headers = tokens["admin"]
    item.do("patch", "publish")
    assert item.public_status() == 200 and item.etag == '"v3-it"'


@pytest.mark.parametrize(("method", "suffix"), ROUTES, ids=[m + s for m, s in ROUTES])
@each_kind
def test_an_unknown_slug_is_a_404_problem(client, tokens, kind, method, suffix):
    headers = {**tokens["maranello"], "If-Match": '"v1-it"'}
    body = kind.patch if method == "PATCH" else None
    response = client.open(kind.url("nessuno", suffix), method=method, headers=headers, json=body)
    assert response.status_code == 404 and response.mimetype == PROBLEM
