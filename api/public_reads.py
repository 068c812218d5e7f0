"""Public reads the response cache holds, answered below Flask: no routing, no query parsing,
no session; one tiny query for the catalogue version, a cache lookup, the stored bytes.

What is stored is exactly what the app answered (status, every header: security headers,
Vary, ETag, Link, Content-Language; the body) to an anonymous GET under /api/ marked
`Cache-Control: public`. The key holds the catalogue version, so a write (which bumps it) makes
every older entry unreachable on every instance sharing the cache. A matching If-None-Match is
a 304 with the stored validators. Requests with credentials or an Origin (CORS) always go to
the app, and so does everything when the app limits rates itself: a replayed answer could
neither count against Flask-Limiter's buckets nor carry their RateLimit headers, so this layer
is on only with RATELIMIT_ENABLED=false (a proxy in front limits).
"""

import hashlib

from flask import Flask
from werkzeug.http import parse_etags, unquote_etag

from api.database import EXTENSION as DATABASE
from catalog import freshness
from catalog.freshness import Freshness

PREFIX = "/api/"
RESPONSES = "distretto.responses"
STATE = "distretto.catalogue_state"
_PRIVATE = ("HTTP_AUTHORIZATION", "HTTP_X_API_KEY", "HTTP_ORIGIN")
_VARY = ("HTTP_ACCEPT", "HTTP_ACCEPT_LANGUAGE")
_NOT_IN_304 = (
    "content-length", "content-type", "content-disposition", "content-language",
    "last-modified", "link",
)  # fmt: skip
"""What a 304 leaves out: what describes the body, as the app's own 304s do."""


def init_public_reads(app: Flask) -> None:
    """Installed first, so it is the innermost middleware: the proxy and origin middlewares
    wrap it, and it sees the request as they made it."""
    if enabled(app):
        app.wsgi_app = PublicReads(app, app.wsgi_app)


def enabled(app: Flask) -> bool:
    """A response cache, and no rate limits of the app's own (else every request must reach
    the limiter)."""
    return not app.config.get("RATELIMIT_ENABLED", True) and app.config.get("CACHE_TYPE") not in (
        "NullCache",
        "null",
    )


class PublicReads:
    def __init__(self, app: Flask, wsgi_app) -> None:
        self.app, self.wsgi_app = app, wsgi_app

    @property
    def responses(self):
        """The app's response cache (Flask-Caching: in process, or Redis for several instances)."""
        return self.app.extensions[RESPONSES]

    def __call__(self, environ, start_response):
        if not _eligible(environ):
            return self.wsgi_app(environ, start_response)
        try:
            state = environ[STATE] = self._state()
            key = _key(state.version, environ)
            stored = self.responses.get(key)
        except Exception:  # the database or the cache away: the app answers (a 503) itself
            return self.wsgi_app(environ, start_response)
        if stored is None:
            return self._answer_and_keep(key, environ, start_response)
        status, headers, body = stored
        if _not_modified(environ, headers):
            start_response("304 Not Modified", _for_304(headers))
            return []
        start_response(status, headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    def _state(self) -> Freshness:
        """On the replica when there is one: anonymous reads go there (api/database.py). The
        app reads it from the environ instead of asking again (api/catalogue_state.py)."""
        database = self.app.extensions[DATABASE]
        factory = database.replica_session_factory or database.session_factory
        with factory() as session:
            return freshness.current(session)

    def _answer_and_keep(self, key: str, environ, start_response):
        answered = {}

        def keep(status, headers, exc_info=None):
            answered["status"], answered["headers"] = status, headers
            return start_response(status, headers, exc_info)

        chunks = self.wsgi_app(environ, keep)
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        if environ["REQUEST_METHOD"] == "GET" and _shareable(answered):
            self.responses.set(key, (answered["status"], answered["headers"], body))
        return [body]


def _eligible(environ) -> bool:
    """Anonymous GETs of the API; a date validator alone (If-Modified-Since) is the app's."""
    dated_only = environ.get("HTTP_IF_MODIFIED_SINCE") and not environ.get("HTTP_IF_NONE_MATCH")
    return (
        not dated_only
        and environ["REQUEST_METHOD"] in ("GET", "HEAD")
        and environ.get("PATH_INFO", "").startswith(PREFIX)
        and not any(environ.get(name) for name in _PRIVATE)
    )


def _key(version: int, environ) -> str:
    parts = (
        str(version),
        environ["wsgi.url_scheme"],
        environ.get("HTTP_HOST", ""),
        environ.get("SCRIPT_NAME", ""),
        environ.get("PATH_INFO", ""),
        environ.get("QUERY_STRING", ""),
        *(environ.get(name, "") for name in _VARY),
    )
    digest = hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
    return f"public-read:{digest}"


def _shareable(answered: dict) -> bool:
    """A 200 the app itself marked public, with a validator, setting no cookie."""
    if not answered.get("status", "").startswith("200"):
        return False
    names = {name.lower(): value for name, value in answered["headers"]}
    return (
        "public" in names.get("cache-control", "") and "etag" in names and "set-cookie" not in names
    )


def _for_304(headers: list) -> list:
    """The validators first, then the rest that does not describe a body: the app's order."""
    kept = [header for header in headers if header[0].lower() not in _NOT_IN_304]
    first = [h for name in ("etag", "cache-control") for h in kept if h[0].lower() == name]
    return first + [header for header in kept if header not in first]


def _not_modified(environ, headers) -> bool:
    asked = environ.get("HTTP_IF_NONE_MATCH")
    if not asked:
        return False
    tag = next((value for name, value in headers if name.lower() == "etag"), None)
    return tag is not None and parse_etags(asked).contains_weak(unquote_etag(tag)[0])
