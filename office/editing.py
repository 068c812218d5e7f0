"""The office's editor for every editable kind, said once: open a form on the current state,
save it through the write core (catalog/editable.py) after the API's own write schema has
validated it, and never lose what the editor typed.

A kind's page declares only what differs (`EditorKind`): its domain kind, the API's write
schemas, its template and how a form's state is tidied before validation. The form holds
the whole editable state, so a save replaces it; `_version` is the version the editor read
and `_revision` the revision it showed.

Conflicts lose nothing: when someone saved after the editor opened the form, the save is a
three-way merge on JSON paths, base (the revision the editor read), theirs (now) and mine
(the form). What only they changed is taken, what only I changed is kept, and where both
changed differently the page shows their value beside mine and keeps mine in the field. The
editor then looks, adjusts and saves again on the new version.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from marshmallow import Schema, ValidationError
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from api.errors import flatten_errors
from catalog import editable
from catalog.access.permissions import Actor
from catalog.editable import Kind
from catalog.errors import InvalidData, InvalidRequest, NotFound, PreconditionFailed
from office.paths import flatten, unflatten


def _unchanged(state: dict) -> dict:
    return state


@dataclass(frozen=True)
class EditorKind:
    kind: Kind
    write_schema: type[Schema]
    create_schema: type[Schema]
    template: str
    tidy: Callable[[dict], dict] = _unchanged
    """The posted state before validation, e.g. empty opening hours as none."""


def as_form(value):
    """A JSON value as a form shows and sends it: strings, "true"/"false", lists of strings."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return [as_form(item) for item in value]
    return str(value)


def form_values(state: dict) -> dict[str, object]:
    """The JSON state as form values by path; what is empty is left out."""
    flat = {path: as_form(value) for path, value in flatten(state).items()}
    return {path: value for path, value in flat.items() if value is not None}


@dataclass
class Form:
    """What an editor page shows: values by JSON path (in form terms: see as_form), and
    what to say about them."""

    values: dict[str, object]
    version: int
    revision: int
    errors: dict[str, list[str]] = field(default_factory=dict)
    conflicts: dict[str, object] = field(default_factory=dict)
    """path -> their value, where they and I both changed it differently."""
    theirs: dict[str, tuple[object, object]] = field(default_factory=dict)
    """path -> (before, after) of everything they changed since I read it."""
    read_only: bool = False


def open_form(session: Session, editor: EditorKind, actor: Actor, entity) -> Form:
    state = editor.write_schema().dump(editor.kind.read(session, entity))
    mine = writable(session, editor.kind, actor, entity)
    return Form(
        values=form_values(state),
        version=entity.version,
        revision=latest_revision(session, editor, actor, entity) if mine else 0,
        read_only=not mine,
    )


def writable(session: Session, kind: Kind, actor: Actor, entity) -> bool:
    """A published listing of another town is shown, but only its own office changes it."""
    return all(actor.covers(town) for town in kind.towns(session, entity))


def latest_revision(session: Session, editor: EditorKind, actor: Actor, entity) -> int:
    found = editable.revisions(session, editor.kind, actor, entity)
    return found[-1].number if found else 0


def load_form(editor: EditorKind, posted: MultiDict, schema: type[Schema] | None = None) -> dict:
    """The posted form, validated by the API's schema; InvalidData with paths if it is not."""
    state = editor.tidy(unflatten(posted))
    try:
        return (schema or editor.write_schema)().load(state)
    except ValidationError as error:
        raise InvalidData(error.messages) from error


def save(session: Session, editor: EditorKind, actor: Actor, entity, posted: MultiDict) -> Form:
    """Write the form, or say why not: a Form with errors or conflicts (nothing written)."""
    read_version, read_revision = _int(posted.get("_version")), _int(posted.get("_revision"))
    if entity.version != read_version:
        return merge(session, editor, actor, entity, posted, read_revision)
    try:
        state = load_form(editor, posted)
        editable.update(session, editor.kind, actor, entity, state, read_version)
    except (InvalidData, InvalidRequest) as error:
        return refused_form(posted, read_version, read_revision, flatten_errors(error.errors))
    except PreconditionFailed:
        return merge(session, editor, actor, entity, posted, read_revision)
    return None


def merge(session, editor: EditorKind, actor: Actor, entity, posted: MultiDict, read: int) -> Form:
    """Three-way merge of what I read, what is there now and what I typed."""
    base = form_values(_base(session, editor, actor, entity, read))
    current = open_form(session, editor, actor, entity)
    mine = form_values(editor.tidy(unflatten(posted)))
    theirs, values, conflicts = {}, {}, {}
    for path in dict.fromkeys([*base, *current.values, *mine]):
        before, now, typed = base.get(path), current.values.get(path), mine.get(path)
        if now != before:
            theirs[path] = (before, now)
        if typed == before:
            values[path] = now
        else:
            values[path] = typed
            if now != before and now != typed:
                conflicts[path] = now
    current.values = {path: value for path, value in values.items() if value is not None}
    current.theirs, current.conflicts = theirs, conflicts
    return current


def _base(session, editor: EditorKind, actor: Actor, entity, number: int) -> dict:
    """The state the editor read: the snapshot of the revision the form showed."""
    try:
        revision = editable.revision(session, editor.kind, actor, entity, number)
    except NotFound:
        return {}  # a form without its revision: every difference is shown
    snapshot = {key: value for key, value in revision.snapshot.items() if key != "status"}
    return editor.write_schema().dump(snapshot)


def refused_form(posted: MultiDict, version: int, revision: int, errors: dict) -> Form:
    """The page again, with what was typed and what is wrong with it."""
    values = {
        name.removesuffix("[]"): posted.getlist(name)
        if name.endswith("[]")
        else posted.getlist(name)[-1]
        for name in posted
    }
    return Form(values=values, version=version, revision=revision, errors=errors)


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1
