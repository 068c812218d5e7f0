"""Error pages: the office answers in HTML, in the user's language, and says what happened.

Another town's draft is a 404 like a missing page (its existence is not told); a form without
its CSRF token changes nothing and says why.
"""

from flask import Blueprint, current_app, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from catalog.errors import Forbidden, NotAuthenticated, NotFound
from office.i18n import _


def register(bp: Blueprint) -> None:
    bp.register_error_handler(NotFound, lambda error: page(404))
    bp.register_error_handler(Forbidden, lambda error: page(403))
    bp.register_error_handler(NotAuthenticated, lambda error: page(401))
    bp.register_error_handler(CSRFError, csrf_refused)
    bp.register_error_handler(HTTPException, lambda error: page(error.code or 500))
    bp.register_error_handler(Exception, unexpected)
    bp.add_url_rule("/<path:anything>", "not_found", lambda anything: page(404))


MESSAGES = {
    401: lambda: _("Sign in to see this page."),
    403: lambda: _("Your office cannot change this."),
    404: lambda: _("There is no such page, or it belongs to another town's office."),
    405: lambda: _("This page does not accept that kind of request."),
    500: lambda: _("Something went wrong on our side; nothing was changed. It has been logged."),
}


def page(status: int, message: str | None = None):
    text = message or MESSAGES.get(status, MESSAGES[500])()
    return render_template("office/error.html", status=status, message=text), status


def csrf_refused(error: CSRFError):
    return page(
        400,
        _(
            "This form was not sent from the page we gave you, or it is too old: nothing was "
            "changed. Go back, reload the page and send it again."
        ),
    )


def unexpected(error: Exception):
    current_app.logger.exception("office page failed")
    return page(500)
