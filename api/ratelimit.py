"""Fair use: Flask-Limiter counts requests per partner key, per editor or per address.

Storage is memory on a laptop and Redis in production (RATELIMIT_STORAGE_URI), so the limit
holds across gunicorn workers. A 429 is problem+json with Retry-After and RateLimit-* headers.
A request with a refused key or token is counted per address in one bucket for the whole API
(DISTRETTO_BAD_CREDENTIALS_RATE_LIMIT), the docs included, before its 401: guessing secrets
meets a limit.
"""

from flask import Flask, current_app, g, request
from flask_limiter import ExemptionScope, Limiter

from api.auth import current_actor
from api.database import get_session
from catalog.access.api_keys import find_key
from catalog.errors import NotAuthenticated
from catalog.i18n.messages import Message

API_KEY_HEADER = "X-API-Key"


def _client() -> tuple[str, str]:
    """(bucket, limit) of this request: a key's own limit, an editor's, or an address's."""
    if "rate_client" not in g:
        g.rate_client = _resolve_client()
    return g.rate_client


def _resolve_client() -> tuple[str, str]:
    config = current_app.config
    try:
        secret = request.headers.get(API_KEY_HEADER)
        if secret:
            key = find_key(get_session(), secret.strip())
            if key is None:
                raise NotAuthenticated(Message("The API key is unknown or revoked."))
            g.api_key = key
            return f"key:{key.id}", f"{key.per_minute} per minute"
        actor = current_actor()
    except NotAuthenticated as refused:
        g.refused_credentials = refused  # raised by _check_client once the limit has counted
        return f"refused:{request.remote_addr}", config["DISTRETTO_BAD_CREDENTIALS_RATE_LIMIT"]
    if actor is not None:
        return f"user:{actor.user_id}", config["DISTRETTO_EDITOR_RATE_LIMIT"]
    return f"address:{request.remote_addr}", config["DISTRETTO_ANONYMOUS_RATE_LIMIT"]


def _check_client() -> None:
    """A refused key or token is a 401, after the limiter (when on) has counted it.

    Routing decides first: a method or URL the API does not have is a 405 or 404 whatever
    the credentials (the limiter has counted a refused one all the same)."""
    if request.path.startswith("/api/") and request.routing_exception is None:
        _client()
        if "refused_credentials" in g:
            raise g.refused_credentials


def _bucket() -> str:
    return _client()[0]


def _limit() -> str:
    return _client()[1]


def _refused() -> bool:
    _client()
    return "refused_credentials" in g


def _accepted() -> bool:
    return not _refused()


def init_rate_limits(app: Flask) -> Limiter:
    """One limiter per app (tests build several apps with different settings)."""
    app.config.setdefault("RATELIMIT_HEADER_LIMIT", "RateLimit-Limit")
    app.config.setdefault("RATELIMIT_HEADER_REMAINING", "RateLimit-Remaining")
    app.config.setdefault("RATELIMIT_HEADER_RESET", "RateLimit-Reset")
    app.config.setdefault("RATELIMIT_HEADER_RETRY_AFTER_VALUE", "delta-seconds")
    # Default limits are per route; refused credentials count once for the whole API instead.
    limiter = Limiter(
        key_func=_bucket,
        default_limits=[_limit],
        default_limits_exempt_when=_refused,
        application_limits=[_limit],
        application_limits_exempt_when=_accepted,
        headers_enabled=True,
    )
    limiter.init_app(app)
    app.before_request(_check_client)  # after the limiter; a bad key is a 401 even if it is off
    for view in ("restx_doc.static", "static", "api.specs", "api.openapi", "api.doc", "api.root"):
        if view in app.view_functions:
            limiter.exempt(app.view_functions[view], flags=ExemptionScope.DEFAULT)
    return limiter
