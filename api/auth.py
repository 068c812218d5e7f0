"""Who is calling: a bearer token in `Authorization`, resolved once per request."""

from flask import g, request

from api.database import get_session
from catalog.access.accounts import actor_for_token
from catalog.access.permissions import Actor
from catalog.errors import NotAuthenticated
from catalog.i18n.messages import Message


def current_actor() -> Actor | None:
    """The signed-in actor, None for anonymous; a bad or dead token is a 401, never anonymous."""
    if "actor" not in g:
        g.actor, g.token = _resolve(request.headers.get("Authorization"))
    return g.actor


def current_token_id() -> int | None:
    current_actor()
    return g.token.id if g.token is not None else None


def _resolve(header: str | None):
    if not header:
        return None, None
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise NotAuthenticated(Message("Use the header Authorization: Bearer <token>."))
    found = actor_for_token(get_session(), secret.strip())
    if found is None:
        raise NotAuthenticated(Message("The token is unknown, expired or revoked."))
    return found
