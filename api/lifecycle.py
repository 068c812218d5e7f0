"""The routes every editable kind shares, declared once.

`EditableRoutes` says, for one kind, what differs: its namespace, its path parameter, its
schemas and how it is represented after a write. `collection_writes` and `detail_writes` give
the create, change (JSON merge patch) and delete methods; `add_lifecycle_routes` adds publish,
unpublish, restore, revisions, one revision and restoring one. Views stay thin: parse,
call the write core (catalog/editable.py) with the acting user, commit, represent.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Response
from flask_restx import Namespace, Resource
from marshmallow import Schema

from api.auth import current_actor
from api.body import json_body, load
from api.conditional import etag, expected_version
from api.database import commit, get_session
from api.merge_patch import merge_patch
from api.presenters import current_text_mode
from api.restx import SIGNED_IN, docs, json_response, operation, render
from api.schemas.revisions import RevisionDetailSchema, RevisionListSchema
from catalog import editable
from catalog.access.permissions import require_actor
from catalog.editable import Kind

WRITE_ERRORS = (400, 401, 403, 404, 412, 413, 415, 422, 428)
STATUS_ERRORS = (400, 401, 403, 404, 412, 428)
NUMBER = "<int(max=2147483647):number>"


@dataclass(frozen=True)
class EditableRoutes:
    ns: Namespace
    kind: Kind
    key: str  # the path parameter: "key" or "slug"
    detail: Callable[[str], tuple[dict, int]]  # slug -> (data for `schema`, version)
    schema: type[Schema]  # the representation after a write
    write_schema: type[Schema]
    create_schema: type[Schema]

    @property
    def path(self) -> str:
        return f"/<string:{self.key}>"

    @property
    def name(self) -> str:
        """The resource classes' prefix, e.g. Listing (restx names endpoints after it)."""
        return self.kind.entity.title()

    @property
    def noun(self) -> str:
        """For the document's summaries: a listing, an event."""
        article = "an" if self.kind.entity[0] in "aeiou" else "a"
        return f"{article} {self.kind.entity}"


def collection_writes(routes: EditableRoutes) -> type[Resource]:
    """A base for the collection's Resource: POST creates a draft."""
    ns = routes.ns

    @ns.expect((docs.model(routes.create_schema), f"The new {routes.kind.entity}"))
    @operation(
        ns,
        201,
        "The new draft",
        routes.schema,
        errors=(400, 401, 403, 409, 413, 415, 422),
        access=SIGNED_IN,
        headers=("ETag", "Location"),
    )
    def post(self, query):
        require_actor(current_actor())
        data = load(routes.create_schema(), json_body())
        slug = data.pop("slug", None)
        entity = editable.create(get_session(), routes.kind, current_actor(), data, slug)
        commit()
        location = {"Location": f"/api/v1/{ns.name}/{entity.slug}"}
        return represent(routes, entity.slug, status=201, headers=location)

    post.__doc__ = (
        f"Create {routes.noun} (a draft) in the municipalities you cover\n\n"
        "The new draft is visible to its office and admins only until it is published; a "
        "slug already taken is a 409. The answer carries the ETag of the new version, for "
        "the next If-Match."
    )
    return type(f"{routes.name}Writes", (Resource,), {"post": post})


def detail_writes(routes: EditableRoutes) -> type[Resource]:
    """A base for the detail Resource: PATCH (merge patch) and DELETE (archive)."""
    ns = routes.ns

    @ns.expect((docs.model(routes.write_schema), f"A JSON merge patch of {routes.noun}"))
    @operation(ns, 200, "The changed version", routes.schema, errors=WRITE_ERRORS, access=SIGNED_IN)
    def patch(self, query, **path):
        return change(routes, path[routes.key], lambda current, body: merge_patch(current, body))

    patch.__doc__ = (
        f"Change {routes.noun} (JSON merge patch, RFC 7396; needs If-Match)\n\n"
        "Objects merge, arrays and values replace, null removes. Send the ETag of the version "
        "you read in If-Match; a stale one gets 412 and changes nothing."
    )

    @operation(ns, 200, "Archived", routes.schema, errors=STATUS_ERRORS, access=SIGNED_IN)
    def delete(self, query, **path):
        return status_action(routes, path[routes.key], "delete")

    delete.__doc__ = (
        f"Delete {routes.noun}: archived, hidden from the public, restorable\n\n"
        "Nothing is removed: the status becomes archived (a new revision) and restore "
        "brings it back. Needs If-Match with the ETag of the version you read."
    )
    return type(f"{routes.name}DetailWrites", (Resource,), {"patch": patch, "delete": delete})


def represent(routes: EditableRoutes, slug: str, status: int = 200, headers=None) -> Response:
    """The entity as a read shows it, after a write, with the ETag of its new version."""
    get_session().expire_all()
    data, version = routes.detail(slug)
    headers = {**(headers or {}), "ETag": etag(version, current_text_mode().language)}
    return json_response(routes.schema, data, status=status, headers=headers)


def read_response(routes: EditableRoutes, data: dict, version: int, output: str, renderers: dict):
    """A detail read in the chosen format, with the ETag that If-Match and 304s use."""
    headers = {"ETag": etag(version, current_text_mode().language)}
    return render(routes.schema().dump(data), output, renderers, headers)


def change(routes: EditableRoutes, key: str, merge, action: str = "update") -> Response:
    """Load for edit, merge the body into the current state, validate, write, represent."""
    require_actor(current_actor())
    version = expected_version()
    body = json_body()
    session = get_session()
    entity = editable.load_for_edit(session, routes.kind, key, current_actor())
    current = routes.write_schema().dump(routes.kind.read(session, entity))
    merged = merge(current, body) if isinstance(body, dict) else body
    data = load(routes.write_schema(), merged)
    editable.update(session, routes.kind, current_actor(), entity, data, version, action)
    commit()
    return represent(routes, entity.slug)


def status_action(routes: EditableRoutes, key: str, action: str) -> Response:
    require_actor(current_actor())
    version = expected_version()
    session = get_session()
    entity = editable.load_for_edit(session, routes.kind, key, current_actor())
    editable.set_status(session, routes.kind, current_actor(), entity, action, version)
    commit()
    return represent(routes, entity.slug)


STATUS_ROUTES = (
    ("publish", "Publish {noun} (needs If-Match)", "Published", STATUS_ERRORS),
    (
        "unpublish",
        "Unpublish {noun} back to draft (needs If-Match)",
        "Back to draft",
        STATUS_ERRORS,
    ),
    (
        "restore",
        "Restore {noun} that was deleted, with the status it had (needs If-Match)",
        "With the status it had",
        (*STATUS_ERRORS, 409),
    ),
)


STATUS_DETAILS = {
    "publish": "Makes the current version public. Needs If-Match with the ETag you read.",
    "unpublish": "Takes it back from the public as a draft, for its office and admins. "
    "Needs If-Match with the ETag you read.",
    "restore": "Brings back what delete archived, with the status it had before; restoring "
    "what is not deleted is a 409. Needs If-Match with the ETag you read.",
}


def add_lifecycle_routes(routes: EditableRoutes) -> None:
    for action, summary, described, errors in STATUS_ROUTES:
        summary = summary.format(noun=routes.noun)
        resource = _status_resource(routes, action, summary, described, errors)
        _route(routes, resource, f"{routes.path}/{action}")
    _route(routes, _revisions_resource(routes), f"{routes.path}/revisions")
    one = f"{routes.path}/revisions/{NUMBER}"
    _route(routes, _revision_resource(routes), one, "The revision number, from 1")
    _route(routes, _revert_resource(routes), f"{one}/restore", "The revision number to bring back")


def _route(routes: EditableRoutes, resource: type[Resource], path: str, number: str = "") -> None:
    routes.ns.param(routes.key, f"The {routes.kind.entity}'s slug")(resource)
    if number:
        routes.ns.param("number", number)(resource)
    routes.ns.route(path)(resource)


def _status_resource(routes, action: str, summary: str, described: str, errors) -> type[Resource]:
    ns = routes.ns

    @operation(ns, 200, described, routes.schema, errors=errors, access=SIGNED_IN)
    def post(self, query, **path):
        return status_action(routes, path[routes.key], action)

    post.__doc__ = f"{summary}\n\n{STATUS_DETAILS[action]}"
    return type(f"{routes.name}{action.title()}", (Resource,), {"post": post})


def _revisions_resource(routes: EditableRoutes) -> type[Resource]:
    ns = routes.ns

    @operation(
        ns,
        200,
        "Every revision, oldest first",
        RevisionListSchema,
        errors=(400, 401, 403, 404),
        access=SIGNED_IN,
    )
    def get(self, query, **path):
        session = get_session()
        entity = editable.load_for_edit(session, routes.kind, path[routes.key], current_actor())
        found = editable.revisions(session, routes.kind, current_actor(), entity)
        return json_response(RevisionListSchema, {"items": [revision_data(r) for r in found]})

    get.__doc__ = (
        f"The history of {routes.noun}: who changed what, when (its office and admins)\n\n"
        "Every write is a revision: its number, action, author, moment and the fields it "
        "changed (before and after)."
    )
    return type(f"{routes.name}Revisions", (Resource,), {"get": get})


def _revision_resource(routes: EditableRoutes) -> type[Resource]:
    ns = routes.ns

    @operation(
        ns,
        200,
        "One revision with the state it left",
        RevisionDetailSchema,
        errors=(400, 401, 403, 404),
        access=SIGNED_IN,
    )
    def get(self, query, number, **path):
        session = get_session()
        entity = editable.load_for_edit(session, routes.kind, path[routes.key], current_actor())
        found = editable.revision(session, routes.kind, current_actor(), entity, number)
        return json_response(RevisionDetailSchema, revision_data(found))

    get.__doc__ = (
        f"One revision of {routes.noun}, with the whole state it left\n\n"
        "The snapshot is what restoring this revision would bring back."
    )
    return type(f"{routes.name}Revision", (Resource,), {"get": get})


def _revert_resource(routes: EditableRoutes) -> type[Resource]:
    ns = routes.ns

    @operation(
        ns, 200, "As that revision left it", routes.schema, errors=STATUS_ERRORS, access=SIGNED_IN
    )
    def post(self, query, number, **path):
        require_actor(current_actor())
        version = expected_version()
        session = get_session()
        entity = editable.load_for_edit(session, routes.kind, path[routes.key], current_actor())
        editable.restore_revision(session, routes.kind, current_actor(), entity, number, version)
        commit()
        return represent(routes, entity.slug)

    post.__doc__ = (
        "Bring an old revision's content back, as a new revision (needs If-Match)\n\n"
        "History is never rewritten: the old content becomes the newest revision."
    )
    return type(f"{routes.name}RevisionRestore", (Resource,), {"post": post})


def revision_data(revision) -> dict:
    return {
        "number": revision.number,
        "action": revision.action,
        "author": revision.author,
        "created_at": revision.created_at,
        "changes": revision.changes,
        "snapshot": revision.snapshot,
    }
