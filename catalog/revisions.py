"""Optimistic concurrency and history, for every editable kind (see catalog/editable.py).

A write checks the version the client read, bumps it with a conditional UPDATE (so of two
concurrent writers exactly one succeeds) and records a revision: who, when, what changed
field by field, and the whole state after.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from catalog.access.permissions import Actor
from catalog.errors import PreconditionFailed
from catalog.i18n.messages import N_, Message
from catalog.models import Revision
from catalog.models.base import utcnow

ANY_VERSION = None
"""Passed as `expected_version` when the client sent `If-Match: *`."""
STALE = N_("The listing changed since you read it.")


@dataclass(frozen=True)
class Author:
    """Who a revision is by: a signed-in actor, or a system process such as the seed loader."""

    user_id: int | None
    name: str

    @classmethod
    def of(cls, actor: Actor) -> "Author":
        return cls(actor.user_id, actor.email)


def check_version(entity, expected_version) -> None:
    if expected_version is not ANY_VERSION and entity.version != expected_version:
        raise PreconditionFailed(entity.version, Message(STALE))


def bump_version(session: Session, entity) -> None:
    """UPDATE ... WHERE version = the version read: the atomic half of optimistic locking."""
    model = type(entity)
    read_version = entity.version
    result = session.execute(
        update(model)
        .where(model.id == entity.id, model.version == read_version)
        .values(version=read_version + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise PreconditionFailed(read_version + 1, Message(STALE))
    session.refresh(entity, ["version", "updated_at"])


def record_revision(
    session: Session,
    entity_type: str,
    entity_id: int,
    author: Author,
    action: str,
    changes: dict,
    snapshot: dict,
) -> Revision:
    number = (
        session.scalar(
            select(func.max(Revision.number)).where(
                Revision.entity_type == entity_type, Revision.entity_id == entity_id
            )
        )
        or 0
    ) + 1
    revision = Revision(
        entity_type=entity_type,
        entity_id=entity_id,
        number=number,
        action=action,
        user_id=author.user_id,
        author=author.name,
        changes=jsonable(changes),
        snapshot=jsonable(snapshot),
    )
    session.add(revision)
    session.flush()
    return revision


def jsonable(value):
    """Dict keys as strings and tuples as lists, so the JSON column round-trips exactly."""
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, date):  # dates and datetimes
        return value.isoformat()
    return value


def status_before_delete(session: Session, entity_type: str, entity_id: int) -> str:
    """What a restore brings back: the status the last delete replaced (draft if unknown)."""
    deleted = session.scalar(
        select(Revision)
        .where(
            Revision.entity_type == entity_type,
            Revision.entity_id == entity_id,
            Revision.action == "delete",
        )
        .order_by(Revision.number.desc())
        .limit(1)
    )
    return deleted.changes.get("status", ["draft"])[0] if deleted else "draft"


def diff(before: dict, after: dict, prefix: str = "") -> dict[str, list]:
    """{"path": [old, new]} for every changed leaf; translations compared per language and field."""
    changes: dict[str, list] = {}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        path = f"{prefix}{key}"
        if old == new:
            continue
        nested = key == "translations" or prefix.startswith("translations.")
        if nested and (isinstance(old, dict) or isinstance(new, dict)):
            changes.update(diff(old or {}, new or {}, f"{path}."))
        else:
            changes[path] = [old, new]
    return changes
