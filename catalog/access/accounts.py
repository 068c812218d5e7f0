"""Accounts, passwords (argon2) and bearer tokens (stored as SHA-256 digests).

Wrong password and unknown email fail the same way, in about the same time, and failed
logins are throttled per account and per client address.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload

from catalog.access.permissions import Actor
from catalog.errors import Conflict, InvalidCredentials, InvalidData, NotFound, TooManyAttempts
from catalog.i18n.messages import Message
from catalog.models import ApiToken, LoginFailure, Organisation, User
from catalog.models.accounts import ROLES
from catalog.models.base import utcnow

TOKEN_PREFIX = "dst_"
_hasher = PasswordHasher()
# Verified against when the email is unknown, so both failures cost the same.
_DUMMY_HASH = _hasher.hash("not a password anyone has")


@dataclass(frozen=True)
class Throttle:
    """At most `attempts` failures per `window`; then wait until the window ends."""

    account_attempts: int = 5
    address_attempts: int = 20
    window: timedelta = timedelta(minutes=15)


@dataclass(frozen=True)
class IssuedToken:
    secret: str
    token: ApiToken


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def create_user(
    session: Session, email: str, password: str, organisation_slug: str, role: str
) -> User:
    email = normalise_email(email)
    errors = {}
    if role not in ROLES:
        errors["role"] = [
            Message("%(input)s is not one of: %(choices)s.", input=role, choices=", ".join(ROLES))
        ]
    if len(password) < 12:
        errors["password"] = [Message("Must be at least %(min)s characters long.", min=12)]
    organisation = session.scalar(
        select(Organisation).where(Organisation.slug == organisation_slug)
    )
    if organisation is None:
        errors["organisation"] = [
            Message("No organisation has the slug %(key)s.", key=organisation_slug)
        ]
    if errors:
        raise InvalidData(errors)
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise Conflict(Message("A user with this email already exists."))
    user = User(
        email=email, password_hash=hash_password(password), role=role, organisation=organisation
    )
    session.add(user)
    session.flush()
    return user


def normalise_email(email: str) -> str:
    return email.strip().lower()


def authenticate(
    session: Session, email: str, password: str, address: str, throttle: Throttle = Throttle()
) -> User:
    """The active user with these credentials, or InvalidCredentials / TooManyAttempts."""
    email = normalise_email(email)
    now = utcnow()
    keys = (
        ("account", email, throttle.account_attempts),
        ("address", address, throttle.address_attempts),
    )
    for scope, key, limit in keys:
        _refuse_if_throttled(session, scope, key, limit, throttle.window, now)
    user = session.scalar(select(User).where(User.email == email))
    if _password_matches(user, password):
        _forget_failures(session, email)
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        return user
    for scope, key, _limit in keys:
        _count_failure(session, scope, key, throttle.window, now)
    raise InvalidCredentials(Message("Wrong email or password."))


def _password_matches(user: User | None, password: str) -> bool:
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return False
    return user is not None and user.active


def _refuse_if_throttled(session, scope, key, limit, window, now) -> None:
    row = session.scalar(
        select(LoginFailure).where(LoginFailure.scope == scope, LoginFailure.key == key)
    )
    if row and row.failures >= limit and row.window_started_at + window > now:
        retry = int((row.window_started_at + window - now).total_seconds()) + 1
        raise TooManyAttempts(retry, Message("Too many failed sign-ins. Try again later."))


def _count_failure(session, scope, key, window, now) -> None:
    row = session.scalar(
        select(LoginFailure).where(LoginFailure.scope == scope, LoginFailure.key == key)
    )
    if row is None:
        session.add(LoginFailure(scope=scope, key=key, failures=1, window_started_at=now))
    elif row.window_started_at + window <= now:
        row.failures, row.window_started_at = 1, now
    else:
        row.failures += 1
    session.flush()


def _forget_failures(session, email) -> None:
    row = session.scalar(
        select(LoginFailure).where(LoginFailure.scope == "account", LoginFailure.key == email)
    )
    if row is not None:
        session.delete(row)


def issue_token(session: Session, user: User, lifetime: timedelta) -> IssuedToken:
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, digest=_digest(secret), expires_at=utcnow() + lifetime)
    session.add(token)
    session.flush()
    return IssuedToken(secret, token)


def actor_for_token(session: Session, secret: str) -> tuple[Actor, ApiToken] | None:
    """The actor a live token stands for, or None (unknown, expired, revoked, inactive)."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = session.scalar(
        select(ApiToken)
        .where(ApiToken.digest == _digest(secret))
        .options(
            joinedload(ApiToken.user)
            .joinedload(User.organisation)
            .selectinload(Organisation.municipalities)
        )
    )
    now = utcnow()
    if token is None or token.revoked_at or token.expires_at <= now or not token.user.active:
        return None
    return actor_for_user(token.user), token


def actor_for_user(user: User) -> Actor:
    organisation = user.organisation
    return Actor(
        user_id=user.id,
        email=user.email,
        role=user.role,
        organisation_id=organisation.id,
        organisation_slug=organisation.slug,
        municipality_ids=frozenset(m.id for m in organisation.municipalities),
    )


def load_user(session: Session, user_id: int) -> User:
    return session.scalar(
        select(User)
        .where(User.id == user_id)
        .options(joinedload(User.organisation).selectinload(Organisation.municipalities))
    )


def list_tokens(session: Session, actor: Actor) -> list[ApiToken]:
    return list(
        session.scalars(
            select(ApiToken)
            .where(
                ApiToken.user_id == actor.user_id,
                ApiToken.revoked_at.is_(None),
                ApiToken.expires_at > utcnow(),
            )
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def revoke_token(session: Session, actor: Actor, token_id: int) -> None:
    result = session.execute(
        update(ApiToken)
        .where(
            ApiToken.id == token_id,
            ApiToken.user_id == actor.user_id,
            ApiToken.revoked_at.is_(None),
        )
        .values(revoked_at=utcnow())
    )
    if result.rowcount == 0:
        raise NotFound(Message("You have no active token with this id."))


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
