"""A partner's client, generated from the OpenAPI 3 document by openapi-python-client, used as a
partner would: a German page, a cursor walk to the end, a sync with /changes, typed problems.

The client is generated once per test session from the document the app serves, and talks to
the app in process over httpx's WSGI transport (the same requests a server would get).
"""

import importlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

GENERATOR = Path(sys.executable).with_name("openapi-python-client")
PACKAGE = "distretto_client"


@pytest.fixture(scope="session")
def generated(tmp_path_factory, engine):
    """The generated package, imported; generation needs no running server."""
    from api import create_app

    folder = tmp_path_factory.mktemp("client")
    app = create_app({"TESTING": True, "SERVER_NAME": "localhost", "RATELIMIT_ENABLED": False})
    document = folder / "openapi.json"
    with app.test_client() as client:
        document.write_text(json.dumps(client.get("/api/v1/openapi.json").get_json()))
    config = folder / "config.yaml"
    config.write_text("post_hooks: []\n")
    executable = GENERATOR if GENERATOR.exists() else shutil.which("openapi-python-client")
    assert executable, "openapi-python-client is a test dependency (pyproject.toml)"
    subprocess.run(
        [str(executable), "generate", "--path", str(document), "--meta", "none",
         "--config", str(config), "--output-path", str(folder / PACKAGE)],
        check=True, capture_output=True, cwd=folder,
    )  # fmt: skip
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(folder))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
            del sys.modules[name]


def _module(generated, path: str):
    return importlib.import_module(f"{PACKAGE}.{path}")


def _client(generated, app, token: str | None = None):
    transport = httpx.WSGITransport(app=app)
    args = {"base_url": "http://localhost/api/v1", "httpx_args": {"transport": transport}}
    if token is None:
        return generated.Client(**args)
    return generated.AuthenticatedClient(token=token, **args)


def _bearer(headers: dict) -> str:
    return headers["Authorization"].removeprefix("Bearer ")


def test_a_page_of_listings_in_german(generated, app):
    collection = _module(generated, "api.listings.get_listing_collection")
    lang = _module(generated, "models.get_listing_collection_lang").GetListingCollectionLang
    response = collection.sync_detailed(client=_client(generated, app), lang=lang("de"), limit=5)
    assert response.status_code == 200
    page = response.parsed
    assert len(page.items) == 5
    assert {item.language for item in page.items} == {"de"}
    assert page.total >= 60


def test_a_cursor_walk_reaches_the_end_without_repeats(generated, app):
    collection = _module(generated, "api.listings.get_listing_collection")
    sort = _module(generated, "models.get_listing_collection_sort").GetListingCollectionSort
    client = _client(generated, app)
    seen: list[int] = []
    cursor = None
    total = None
    for _ in range(50):
        kwargs = {"cursor": cursor} if cursor else {}
        response = collection.sync_detailed(
            client=client, sort=sort("updated_at"), limit=10, **kwargs
        )
        assert response.status_code == 200, response.content
        page = response.parsed
        total = page.total if total is None else total
        seen += [item.id for item in page.items]
        cursor = page.next_cursor if isinstance(page.next_cursor, str) else None
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == total


def test_sync_with_changes_sees_an_edit(generated, app, tokens):
    changes = _module(generated, "api.changes.get_changes")
    patch = _module(generated, "api.listings.patch_listing")
    client = _client(generated, app)
    head = changes.sync_detailed(client=client, since="r0", limit=100)
    assert head.status_code == 200
    cursor = head.parsed.cursor
    editor = _client(generated, app, _bearer(tokens["maranello"]))
    listing = app.test_client().get("/api/v1/listings/museo-ferrari-maranello")
    body_model = _module(generated, "models.listing_patch").ListingPatch
    edited = patch.sync_detailed(
        "museo-ferrari-maranello",
        client=editor,
        body=body_model.from_dict({"tags": ["ferrari", "museum", "motor-valley", "cars", "expo"]}),
        if_match=listing.headers["ETag"],
    )
    assert edited.status_code == 200, edited.content
    after = changes.sync_detailed(client=client, since=cursor, limit=100)
    assert after.status_code == 200
    updated = [item for item in after.parsed.items if item.slug == "museo-ferrari-maranello"]
    assert updated and updated[-1].change == "updated"


def test_a_404_and_a_422_arrive_as_typed_problems(generated, app, tokens):
    problem = _module(generated, "models.problem").Problem
    detail = _module(generated, "api.listings.get_listing")
    missing = detail.sync_detailed("no-such-place", client=_client(generated, app))
    assert missing.status_code == 404
    assert isinstance(missing.parsed, problem) and missing.parsed.status == 404
    patch = _module(generated, "api.listings.patch_listing")
    body_model = _module(generated, "models.listing_patch").ListingPatch
    editor = _client(generated, app, _bearer(tokens["maranello"]))
    listing = app.test_client().get("/api/v1/listings/museo-ferrari-maranello")
    refused = patch.sync_detailed(
        "museo-ferrari-maranello",
        client=editor,
        body=body_model.from_dict({"highlight": 9}),
        if_match=listing.headers["ETag"],
    )
    assert refused.status_code == 422
    assert isinstance(refused.parsed, problem)
    assert "highlight" in refused.parsed.errors.additional_properties
