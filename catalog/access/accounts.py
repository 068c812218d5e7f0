"""Accounts, passwords (argon2) and bearer tokens (stored as SHA-256 digests).

Wrong password and unknown email fail the same way, in about the same time, and failed
logins are throttled per account and address (backing off) and per address (a generous cap).
"""

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, joinedload

from catalog.access.credentials import email_problems, password_problems
from catalog.access.permissions import Actor
from catalog.errors import Conflict, InvalidCredentials, InvalidData, NotFound, TooManyAttempts
from catalog.i18n.messages import Message
from catalog.models import ApiToken, LoginFailure, Organisation, User
from catalog.models.accounts import ADDRESS_LENGTH, ROLES
from catalog.models.base import utcnow

TOKEN_PREFIX = "dst_"
_hasher = PasswordHasher()
# Verified against when the email is unknown, so both failures cost the same.
_DUMMY_HASH = _hasher.hash("not a password anyone has")


@dataclass(frozen=True)
class Throttle:
    """How failed sign-ins slow guessing down without locking an account's owner out.

    An account's failures are counted per address: after `account_attempts` of them, each
    further guess from that address waits `backoff`, doubled per failure up to `max_backoff`;
    a run is forgotten `account_window` after it began, or at a success. Guesses from other
    addresses, the owner's included, are not slowed. Each address also has a generous cap,
    `address_attempts` failures per `address_window` over all emails, so it cannot spray many.
    """

    account_attempts: int = 5
    backoff: timedelta = timedelta(seconds=30)
    max_backoff: timedelta = timedelta(minutes=15)
    account_window: timedelta = timedelta(hours=24)
    address_attempts: int = 100
    address_window: timedelta = timedelta(hours=1)


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
    organisation, errors = placement(session, organisation_slug, role)
    if problems := email_problems(email):
        errors["email"] = problems
    if problems := password_problems(password, email, organisation_slug):
        errors["password"] = problems
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


def placement(
    session: Session, organisation_slug: str, role: str
) -> tuple[Organisation | None, dict[str, list]]:
    """An account's organisation (whose towns it edits) and the problems of the pair."""
    errors = {}
    if role not in ROLES:
        errors["role"] = [
            Message("%(input)s is not one of: %(choices)s.", input=role, choices=", ".join(ROLES))
        ]
    organisation = session.scalar(
        select(Organisation).where(Organisation.slug == organisation_slug)
    )
    if organisation is None:
        errors["organisation"] = [
            Message("No organisation has the slug %(key)s.", key=organisation_slug)
        ]
    return organisation, errors


def normalise_email(email: str) -> str:
    return email.strip().lower()


def authenticate(
    session: Session, email: str, password: str, address: str, throttle: Throttle = Throttle()
) -> User:
    """The active user with these credentials, or InvalidCredentials / TooManyAttempts.

    The counters are locked before the password is checked and stay locked until the caller
    ends the transaction (commit it on InvalidCredentials, so the failure counts): concurrent
    guesses queue and each sees the failures before it, so no more than the limit are checked.
    """
    email = normalise_email(email)
    address = address[:ADDRESS_LENGTH]
    now = utcnow()
    per_address = _locked_counter(session, "address", address, "", now)
    per_account = _locked_counter(session, "account", email, address, now)
    wait = max(_address_wait(per_address, throttle, now), _account_wait(per_account, throttle, now))
    if wait > timedelta(0):
        retry = math.ceil(wait.total_seconds())
        raise TooManyAttempts(retry, Message("Too many failed sign-ins. Try again later."))
    user = session.scalar(select(User).where(User.email == email))
    if _password_matches(user, password):
        per_account.failures = 0
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        return user
    _count_failure(per_address, throttle.address_window, now)
    _count_failure(per_account, throttle.account_window, now)
    session.flush()
    raise InvalidCredentials(Message("Wrong email or password."))


def _password_matches(user: User | None, password: str) -> bool:
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return False
    return user is not None and user.active


_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def _locked_counter(session, scope, key, address, now) -> LoginFailure:
    """The counter's row, created if missing, locked until the transaction ends.

    INSERT ... ON CONFLICT DO NOTHING then SELECT ... FOR UPDATE: on PostgreSQL a concurrent
    request waits here for the one before it; SQLite writers already queue (BEGIN IMMEDIATE).
    """
    insert = _INSERTS[session.get_bind().dialect.name]
    session.execute(
        insert(LoginFailure)
        .values(
            scope=scope,
            key=key,
            address=address,
            failures=0,
            window_started_at=now,
            last_failed_at=now,
        )
        .on_conflict_do_nothing()
    )
    return session.scalars(
        select(LoginFailure)
        .where(
            LoginFailure.scope == scope,
            LoginFailure.key == key,
            LoginFailure.address == address,
        )
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def _forgotten(row: LoginFailure, window: timedelta, now) -> bool:
    return row.failures == 0 or row.window_started_at + window <= now


def _account_wait(row: LoginFailure, throttle: Throttle, now) -> timedelta:
    """Until the next guess at this account from this address may be checked."""
    if _forgotten(row, throttle.account_window, now) or row.failures < throttle.account_attempts:
        return timedelta(0)
    doublings = min(row.failures - throttle.account_attempts, 20)
    delay = min(throttle.backoff * 2**doublings, throttle.max_backoff)
    return row.last_failed_at + delay - now


def _address_wait(row: LoginFailure, throttle: Throttle, now) -> timedelta:
    if _forgotten(row, throttle.address_window, now) or row.failures < throttle.address_attempts:
        return timedelta(0)
    return row.window_started_at + throttle.address_window - now


def _count_failure(row: LoginFailure, window: timedelta, now) -> None:
    if _forgotten(row, window, now):
        row.failures, row.window_started_at = 0, now
    row.failures += 1
    row.last_failed_at = now


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
