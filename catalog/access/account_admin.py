"""Off-boarding (review finding 10): deactivate an account, reset its password, revoke its
tokens. Administrators do it through the API, operators from the command line.

An administrator never does it to their own account: a stolen admin token must not become a
password only the thief knows, nor lock the district out of its last admin account.
"""

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, joinedload

from catalog.access.accounts import hash_password, normalise_email, placement
from catalog.access.credentials import password_problems
from catalog.access.permissions import Actor, require_actor
from catalog.errors import Forbidden, InvalidData, NotFound
from catalog.i18n.messages import Message
from catalog.models import ApiToken, User
from catalog.models.base import utcnow


class Console:
    """The operator at the server's shell (the `flask users` commands): whoever can run them
    can already read the database, so they manage every account."""


CONSOLE = Console()


def require_account_admin(actor: Actor | Console | None) -> Actor | Console:
    """401 without an actor, 403 unless an administrator; checked before any body is read."""
    if isinstance(actor, Console):
        return actor
    actor = require_actor(actor)
    if not actor.is_admin:
        raise Forbidden(Message("Only administrators manage accounts."))
    return actor


def list_users(session: Session, actor: Actor | Console | None) -> list[User]:
    require_account_admin(actor)
    return list(
        session.scalars(select(User).options(joinedload(User.organisation)).order_by(User.id))
    )


def deactivate_user(session: Session, actor: Actor | Console | None, user: int | str) -> User:
    """The account can no longer sign in, and every token it holds is revoked."""
    target = _managed_user(session, actor, user)
    target.active = False
    _revoke_tokens(session, target)
    return target


def activate_user(session: Session, actor: Actor | Console | None, user: int | str) -> User:
    """Undo a deactivation; the account signs in again with its password (no old token)."""
    target = _managed_user(session, actor, user)
    target.active = True
    session.flush()
    return target


def reset_password(
    session: Session, actor: Actor | Console | None, user: int | str, password: str
) -> User:
    """A new password under the policy; every token signed in with the old one is revoked."""
    target = _managed_user(session, actor, user)
    problems = password_problems(password, target.email, target.organisation.slug)
    if problems:
        raise InvalidData({"password": problems})
    target.password_hash = hash_password(password)
    _revoke_tokens(session, target)
    return target


def assign_user(
    session: Session, actor: Actor | Console | None, user: int | str, organisation: str, role: str
) -> User:
    """Which towns the account edits (its organisation's) and its role. Its tokens carry no
    scope of their own: the next request already acts with the new one."""
    target = _managed_user(session, actor, user)
    found, errors = placement(session, organisation, role)
    if errors:
        raise InvalidData(errors)
    target.organisation_id, target.role = found.id, role
    session.flush()
    session.refresh(target, ["organisation"])
    return target


def revoke_user_tokens(session: Session, actor: Actor | Console | None, user: int | str) -> int:
    """Sign the account out everywhere; how many live tokens were revoked."""
    return _revoke_tokens(session, _managed_user(session, actor, user))


def _managed_user(session: Session, actor: Actor | Console | None, user: int | str) -> User:
    """The account by id (API) or email (command line), if this actor may manage it."""
    actor = require_account_admin(actor)
    where = User.email == normalise_email(user) if isinstance(user, str) else User.id == user
    target = session.scalar(select(User).where(where).options(joinedload(User.organisation)))
    if target is None:
        raise NotFound(Message("No user has this id or email."))
    if isinstance(actor, Actor) and target.id == actor.user_id:
        raise Forbidden(
            Message(
                "Administrators do not manage their own account here: ask another "
                "administrator, or use the command line. To sign out, revoke your token."
            )
        )
    return target


def _revoke_tokens(session: Session, user: User) -> int:
    result = session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    session.flush()
    return result.rowcount


def live_token_counts(session: Session, users: list[User]) -> dict[int, int]:
    """Live tokens per user, for the listing: what revoking would end."""
    if not users:
        return {}
    rows = session.execute(
        select(ApiToken.user_id, func.count())
        .where(
            ApiToken.user_id.in_([user.id for user in users]),
            ApiToken.revoked_at.is_(None),
            ApiToken.expires_at > utcnow(),
        )
        .group_by(ApiToken.user_id)
    )
    return dict(rows.all())
