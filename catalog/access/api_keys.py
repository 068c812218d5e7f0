"""Partner API keys: created and revoked by admins, stored as SHA-256 digests."""

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from catalog.access.permissions import Actor, require_actor
from catalog.errors import Forbidden, InvalidData, NotFound
from catalog.i18n.messages import Message
from catalog.models import ApiKey
from catalog.models.base import utcnow

KEY_PREFIX = "dsk_"
MAX_PER_MINUTE = 100_000


@dataclass(frozen=True)
class IssuedKey:
    secret: str
    key: ApiKey


def create_key(session: Session, actor: Actor | None, name: str, per_minute: int) -> IssuedKey:
    _require_admin(actor)
    if not 1 <= per_minute <= MAX_PER_MINUTE:
        raise InvalidData(
            {
                "per_minute": [
                    Message("Must be between %(min)s and %(max)s.", min=1, max=MAX_PER_MINUTE)
                ]
            }
        )
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(
        name=name.strip(),
        digest=_digest(secret),
        prefix=secret[: len(KEY_PREFIX) + 6],
        per_minute=per_minute,
        created_by=actor.user_id,
    )
    session.add(key)
    session.flush()
    return IssuedKey(secret, key)


def list_keys(session: Session, actor: Actor | None) -> list[ApiKey]:
    _require_admin(actor)
    return list(session.scalars(select(ApiKey).order_by(ApiKey.id)))


def revoke_key(session: Session, actor: Actor | None, key_id: int) -> None:
    _require_admin(actor)
    result = session.execute(
        update(ApiKey)
        .where(ApiKey.id == key_id, ApiKey.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    if result.rowcount == 0:
        raise NotFound(Message("No active API key has this id."))


def find_key(session: Session, secret: str) -> ApiKey | None:
    """The live key for a secret, or None."""
    if not secret.startswith(KEY_PREFIX):
        return None
    return session.scalar(
        select(ApiKey).where(ApiKey.digest == _digest(secret), ApiKey.revoked_at.is_(None))
    )


def _require_admin(actor: Actor | None) -> Actor:
    actor = require_actor(actor)
    if not actor.is_admin:
        raise Forbidden(Message("Only administrators manage API keys."))
    return actor


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
