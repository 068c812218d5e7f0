"""Every operation of the published document that takes an id, called as anonymous, as an
editor of another town and as the owning town's editor: each answers as the policy says.
The list of operations comes from /api/v1/swagger.json, so a new endpoint cannot be missed."""

import re

import pytest
from sqlalchemy import select

from catalog.models import User
from tests.test_editing import NEW
from tests.test_packages_and_campaigns import NEW_PACKAGE

OWNER, OTHER, ANONYMOUS = "maranello", "sassuolo", "anonymous"
PUBLIC_READS = ("/municipalities/{slug}", "/events/{slug}", "/campaigns/{slug}")


@pytest.fixture
def world(client, tokens, session):
    """A Maranello draft listing and draft package, one token, key and user id."""
    owner = tokens[OWNER]
    assert (
        client.post("/api/v1/listings", json={**NEW, "slug": "sweep"}, headers=owner).status_code
        == 201
    )
    package = {**NEW_PACKAGE, "slug": "sweep-package"}
    assert client.post("/api/v1/packages", json=package, headers=owner).status_code == 201
    key = client.post(
        "/api/v1/api-keys", json={"name": "sweep"}, headers=tokens["admin"]
    ).get_json()
    owner_token = client.get("/api/v1/auth/tokens", headers=owner).get_json()["items"][0]["id"]
    user_id = session.scalar(select(User.id).where(User.email == "sassuolo@example.org"))
    return {"key_id": key["id"], "token_id": owner_token, "user_id": user_id}


def _values(path: str, world: dict) -> dict:
    if path.startswith("/packages/"):
        slug = "sweep-package"
    elif path.startswith("/municipalities/"):
        slug = "maranello"
    elif path.startswith("/events/"):
        slug = "notte-rossa-2025"
    else:
        slug = "expo-2015"
    return {
        "key": "sweep",
        "slug": slug,
        "number": "1",
        "lang": "de",
        **{k: str(v) for k, v in world.items()},
    }


def _expected(path: str, method: str, actor: str) -> set[int]:
    if method == "get" and path in PUBLIC_READS:
        return {200}
    if path == "/api-keys/{key_id}" or path.startswith("/users/"):
        return {401} if actor == ANONYMOUS else {403}
    if path == "/auth/tokens/{token_id}":
        return {401} if actor == ANONYMOUS else ({204} if actor == OWNER else {404})
    if method == "get" and path in ("/listings/{key}", "/packages/{slug}"):
        return {200} if actor == OWNER else {404}  # drafts are invisible to others
    if actor == ANONYMOUS:
        return {401}
    if actor == OTHER and path.startswith(("/listings/{key}", "/packages/{slug}")):
        return {404}  # another town's draft answers like a missing one (security finding 9)
    if actor == OTHER:
        return {403}
    return {200, 201, 204, 409}  # 409: restoring what is not deleted


def _operations(swagger: dict):
    for path, item in swagger["paths"].items():
        for method in ("get", "post", "put", "patch", "delete"):
            if method in item and "{" in path:
                yield path, method


def _resource(url: str) -> str:
    """The listing or package an action URL is about, for its current ETag."""
    for suffix in ("/revisions", "/translations", "/publish", "/unpublish", "/restore"):
        url = url.split(suffix)[0]
    return url


def _url(path: str, world: dict) -> str:
    values = _values(path, world)
    return "/api/v1" + re.sub(r"{(\w+)}", lambda match: values[match.group(1)], path)


def test_every_operation_with_an_id_follows_the_policy(client, tokens, world):
    swagger = client.get("/api/v1/swagger.json").get_json()
    # Deletes last, and signing a token out at the very end: the owner's token is needed.
    operations = sorted(
        _operations(swagger),
        key=lambda op: (op[0].startswith("/auth/"), op[1] == "delete", op),
    )
    assert len(operations) >= 20
    wrong = {}
    for actor in (ANONYMOUS, OTHER, OWNER):
        for path, method in operations:
            url = _url(path, world)
            etag = client.get(_resource(url), headers=tokens[OWNER]).headers.get("ETag")
            body = {"name": "Prüfturm"} if method == "put" else None
            if method in ("post", "patch"):
                body = {}
            headers = {**tokens[actor], "If-Match": etag or "*"}
            response = client.open(url, method=method.upper(), json=body, headers=headers)
            if response.status_code not in _expected(path, method, actor):
                wrong[f"{actor} {method.upper()} {path}"] = response.status_code
    assert wrong == {}


@pytest.mark.parametrize(
    "field",
    [{"id": 1}, {"status": "published"}, {"version": 99}, {"owner": 1}, {"source": {"name": "x"}}],
)
def test_mass_assignment_of_server_fields_is_refused(client, tokens, field):
    owner = tokens[OWNER]
    client.post("/api/v1/listings", json={**NEW, "slug": "sweep"}, headers=owner)
    etag = client.get("/api/v1/listings/sweep", headers=owner).headers["ETag"]
    patch = client.patch("/api/v1/listings/sweep", json=field, headers={**owner, "If-Match": etag})
    assert patch.status_code == 422 and list(patch.get_json()["errors"]) == list(field)
    post = client.post("/api/v1/listings", json={**NEW, **field}, headers=owner)
    assert post.status_code == 422
    package = client.post("/api/v1/packages", json={**NEW_PACKAGE, **field}, headers=owner)
    assert package.status_code == 422
    assert client.get("/api/v1/listings/sweep", headers=owner).get_json()["status"] == "draft"
