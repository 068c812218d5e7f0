"""Every write endpoint x {anonymous, own-town editor, other-town editor, admin}
x {a Maranello listing, a Sassuolo listing}: the status the policy says, and no change
at all in the database after each refusal."""

import pytest
from sqlalchemy import select

from catalog.models import Base, Listing
from tests.test_editing import NEW

ACTORS = ("anonymous", "maranello", "sassuolo", "admin")
TOWNS = ("maranello", "sassuolo")


def _snapshot(session):
    session.flush()
    session.expire_all()
    return {
        table.name: sorted(map(repr, session.execute(select(table)).all()))
        for table in Base.metadata.sorted_tables
        if table.name not in ("login_failures", "api_tokens")
    }


def _expected(actor: str, town: str, success: int, hidden: int = 403) -> int:
    """`hidden`: what another town gets; 404 for a draft, whose existence is not told."""
    if actor == "anonymous":
        return 401
    if actor in ("admin", town):
        return success
    return hidden


@pytest.fixture
def drafts(client, tokens):
    """One draft per town, written by an admin; returns {town: slug}."""
    slugs = {}
    for town in TOWNS:
        body = {**NEW, "municipality": town, "slug": f"prova-{town}"}
        if town == "sassuolo":
            body["location"] = {"lat": 44.55167, "lon": 10.78556}
        response = client.post("/api/v1/listings", json=body, headers=tokens["admin"])
        assert response.status_code == 201
        slugs[town] = f"prova-{town}"
    return slugs


def _prepare(client, tokens, slug, operation):
    """Bring the listing into the state the operation needs (restore needs a deleted one)."""
    if operation == "restore":
        etag = client.get(f"/api/v1/listings/{slug}", headers=tokens["admin"]).headers["ETag"]
        assert (
            client.delete(
                f"/api/v1/listings/{slug}", headers={**tokens["admin"], "If-Match": etag}
            ).status_code
            == 200
        )


OPERATIONS = {
    "patch": ("PATCH", "", {"kind": "attraction"}, 200),
    "translate": ("PUT", "/translations/de", {"name": "Prüfturm"}, 200),
    "delete": ("DELETE", "", None, 200),
    "publish": ("POST", "/publish", None, 200),
    "unpublish": ("POST", "/unpublish", None, 200),
    "restore": ("POST", "/restore", None, 200),
    "revert": ("POST", "/revisions/1/restore", None, 200),
}


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("town", TOWNS)
@pytest.mark.parametrize("actor", ACTORS)
def test_write_matrix(client, session, tokens, drafts, actor, town, operation):
    method, path, body, success = OPERATIONS[operation]
    slug = drafts[town]
    _prepare(client, tokens, slug, operation)
    etag = client.get(f"/api/v1/listings/{slug}", headers=tokens["admin"]).headers["ETag"]
    before = _snapshot(session)
    response = client.open(
        f"/api/v1/listings/{slug}{path}",
        method=method,
        json=body,
        headers={**tokens[actor], "If-Match": etag},
    )
    expected = _expected(actor, town, success, hidden=404)
    assert response.status_code == expected, response.get_json()
    if response.status_code >= 400:
        assert response.mimetype == "application/problem+json"
        assert _snapshot(session) == before


@pytest.mark.parametrize("town", TOWNS)
@pytest.mark.parametrize("actor", ACTORS)
def test_create_matrix(client, session, tokens, actor, town):
    body = {**NEW, "municipality": town}
    if town == "sassuolo":
        body["location"] = {"lat": 44.55167, "lon": 10.78556}
    before = _snapshot(session)
    response = client.post("/api/v1/listings", json=body, headers=tokens[actor])
    assert response.status_code == _expected(actor, town, 201), response.get_json()
    if response.status_code >= 400:
        assert _snapshot(session) == before


@pytest.mark.parametrize("actor", ("anonymous", "sassuolo"))
def test_a_published_listing_of_another_town(client, session, tokens, actor):
    listing = session.scalar(select(Listing).where(Listing.slug == "museo-ferrari-maranello"))
    etag = client.get(f"/api/v1/listings/{listing.slug}").headers["ETag"]
    before = _snapshot(session)
    response = client.patch(
        f"/api/v1/listings/{listing.slug}", json={"kind": "attraction"},
        headers={**tokens[actor], "If-Match": etag},
    )  # fmt: skip
    assert response.status_code == (401 if actor == "anonymous" else 403)
    assert _snapshot(session) == before
