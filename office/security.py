"""What keeps the office's pages safe: CSRF on every form, a Content-Security-Policy without
inline script, no framing, and no copy in a shared cache.

Map tiles come from the configured tile server (DISTRETTO_TILE_URL); without one the map
picker shows no tiles and the latitude and longitude fields still work.
"""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, request
from flask_wtf.csrf import CSRFProtect

from office import i18n, session


def init_security(blueprint: Blueprint, csrf: CSRFProtect) -> None:
    @blueprint.before_request
    def protect():
        actor = session.current_actor()
        user = session.current_user() if actor else None
        i18n.choose_language(getattr(user, "language", None))
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            csrf.protect()

    @blueprint.after_request
    def headers(response):
        response.headers["Content-Security-Policy"] = policy()
        response.headers["Referrer-Policy"] = "same-origin"
        if request.endpoint != "office.static":
            response.headers["Cache-Control"] = "private, no-store"
            response.vary.add("Cookie")
        return response


def policy() -> str:
    tiles = tile_origin()
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": " ".join(filter(None, ("'self'", "data:", tiles))),
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def tile_origin() -> str | None:
    """scheme://host of the tile URL template, for img-src."""
    url = current_app.config.get("DISTRETTO_TILE_URL")
    if not url:
        return None
    parts = urlsplit(url.replace("{s}", "a"))
    host = parts.netloc.replace("a.", "*.", 1) if "{s}" in url else parts.netloc
    return f"{parts.scheme}://{host}"
