"""The back office: tourism offices keep their town's catalogue true, in a browser (issue 14).

Server-rendered pages under /office/ that call the domain (catalog/) directly, with the same
rules as the API: town scope, drafts, versions, sanitising, revisions. Form fields are named
after the API's JSON paths, so the office and the API speak of one thing.
"""

from flask import Flask, current_app
from flask_wtf.csrf import CSRFProtect

from office import i18n, session
from office.blueprint import make_blueprint
from office.paths import field_id
from office.security import init_security
from office.views import register_views

csrf = CSRFProtect()


def init_office(app: Flask) -> None:
    # Checked by the office's own before_request only: the API authenticates with bearer
    # tokens and API keys, never cookies, so it has nothing for a forged form to ride on.
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)  # the session's own expiry bounds it
    app.config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    app.config.setdefault("SESSION_COOKIE_SECURE", app.config["DISTRETTO_ENV"] != "development")
    csrf.init_app(app)
    blueprint = make_blueprint()
    init_security(blueprint, csrf)
    register_views(blueprint)
    blueprint.context_processor(_template_context)
    app.register_blueprint(blueprint)
    app.jinja_env.add_extension("jinja2.ext.do")


# The main navigation: (endpoint, label, admins only); a page appears once its module is in.
NAV = (
    ("office.dashboard", i18n.lazy_gettext("Dashboard"), False),
    ("office.listings", i18n.lazy_gettext("Listings"), False),
    ("office.events", i18n.lazy_gettext("Events"), False),
    ("office.packages", i18n.lazy_gettext("Packages"), False),
    ("office.users", i18n.lazy_gettext("Users"), True),
    ("office.api_keys", i18n.lazy_gettext("API keys"), True),
)


def _navigation(actor) -> list[tuple[str, str]]:
    if actor is None:
        return []
    return [
        (endpoint, str(label))
        for endpoint, label, admins in NAV
        if endpoint in current_app.view_functions and (actor.is_admin or not admins)
    ]


def _template_context() -> dict:
    actor = session.current_actor()
    return {
        "office_nav": _navigation(actor),
        "_": i18n.gettext,
        "gettext": i18n.gettext,
        "ngettext": i18n.ngettext,
        "office_actor": actor,
        "office_language": i18n.current(),
        "field_id": field_id,
    }
