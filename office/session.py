"""Who is signed in to the office: a session cookie that holds a bearer token of the
account (hashed at rest like every token), so signing out or deactivating an account ends
the session at once, and the API's own token checks (expiry, revocation) apply unchanged.

The cookie is HttpOnly, SameSite=Lax and Secure outside development; a new token is issued
at every sign-in (the old session, if any, is revoked) and Flask's session, which holds the
CSRF token, is cleared, so nothing from before sign-in survives it.
"""

from datetime import timedelta
from functools import wraps

from flask import current_app, g, redirect, request, session, url_for

from api.database import get_session
from catalog.access.accounts import actor_for_token, issue_token, load_user, revoke_token
from catalog.access.permissions import Actor

COOKIE = "distretto_office"


def current_actor() -> Actor | None:
    if "office_actor" not in g:
        g.office_actor, g.office_token = None, None
        secret = request.cookies.get(COOKIE)
        if secret:
            found = actor_for_token(get_session(), secret)
            if found is not None:
                g.office_actor, g.office_token = found
    return g.office_actor


def current_user():
    """The signed-in account (for its preferences), or None."""
    actor = current_actor()
    return load_user(get_session(), actor.user_id) if actor else None


def signed_in(view):
    """Pages for the signed-in: others are sent to the sign-in form, and come back after."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if current_actor() is None:
            return redirect(url_for("office.sign_in", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapper


def admins_only(view):
    """Pages for admins: an editor gets the same 404 as for what does not exist."""

    @signed_in
    @wraps(view)
    def wrapper(*args, **kwargs):
        from catalog.errors import NotFound
        from catalog.i18n.messages import Message

        if not current_actor().is_admin:
            raise NotFound(Message("Not found."))
        return view(*args, **kwargs)

    return wrapper


def start(response, user) -> None:
    """Sign in: a new token in a new cookie; the old session's token revoked."""
    end_current()
    hours = current_app.config["DISTRETTO_OFFICE_SESSION_HOURS"]
    issued = issue_token(get_session(), user, timedelta(hours=hours))
    session.clear()
    response.set_cookie(
        COOKIE,
        issued.secret,
        max_age=hours * 3600,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        path="/office",
    )


def end_current() -> None:
    """Revoke the token of the current session, if there is one."""
    actor = current_actor()
    if actor is not None:
        revoke_token(get_session(), actor, g.office_token.id)


def forget(response) -> None:
    session.clear()
    response.delete_cookie(COOKIE, path="/office")
