"""Sign in and out with the existing accounts; the same throttling as the API's sign-in."""

from flask import Blueprint, make_response, redirect, render_template, request, url_for

from api.database import commit, get_session
from catalog.access import accounts
from catalog.errors import InvalidCredentials, TooManyAttempts
from office import i18n, session
from office.i18n import _


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/sign-in", "sign_in", sign_in, methods=["GET", "POST"])
    bp.add_url_rule("/sign-out", "sign_out", sign_out, methods=["POST"])
    bp.add_url_rule("/language", "language", language, methods=["POST"])


def sign_in():
    if request.method == "GET":
        if session.current_actor() is not None:
            return redirect(_next())
        return render_template("office/sign_in.html", email="", next=_next())
    email = request.form.get("email", "")
    password = request.form.get("password", "")
    db = get_session()
    try:
        user = accounts.authenticate(db, email, password, request.remote_addr or "unknown")
    except InvalidCredentials:
        commit()  # the failure must count even though the sign-in fails
        return _refused(email, _("Wrong email or password."), 401)
    except TooManyAttempts as error:
        response = _refused(email, _("Too many failed sign-ins. Try again later."), 429)
        response.headers["Retry-After"] = str(error.retry_after)
        return response
    response = make_response(redirect(_next()))
    session.start(response, user)
    commit()
    return response


def _refused(email: str, message: str, status: int):
    page = render_template("office/sign_in.html", email=email, next=_next(), error=message)
    return make_response(page, status)


def _next() -> str:
    """Back where the user was going, on this site only."""
    target = request.values.get("next") or ""
    if target.startswith("/office/") and not target.startswith("//"):
        return target
    return url_for("office.dashboard")


def sign_out():
    session.end_current()
    commit()
    response = make_response(redirect(url_for("office.sign_in")))
    session.forget(response)
    return response


def language():
    """Switch between Italian and English: kept on the account, and in a cookie before sign-in."""
    chosen = request.form.get("language")
    response = make_response(redirect(_next()))
    if chosen not in i18n.LANGUAGES:
        return response
    user = session.current_user()
    if user is not None:
        user.language = chosen
        commit()
    response.set_cookie(i18n.COOKIE, chosen, max_age=365 * 86400, samesite="Lax", path="/office")
    return response
