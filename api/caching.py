"""HTTP caching of public reads: ETag, Last-Modified, 304s that cost almost nothing.

Lists and other public reads carry an ETag made from the catalogue's change counter (bumped by
every write), the normalised request and the negotiated language and format; a matching
If-None-Match is answered with 304 before any listing is queried. A single listing carries
its own version as ETag (the one If-Match uses), checked with a one-column lookup.
"""

import hashlib
import hmac
from email.utils import format_datetime, parsedate_to_datetime
from functools import cache

from flask import Flask, Response, current_app, g, request
from flask_caching import Cache
from marshmallow import ValidationError

from api.catalogue_state import catalogue_state
from api.conditional import etag
from api.database import get_session
from api.io import query_dict
from api.locale import content_language_header, current_language, wants_all_languages
from api.openapi import PUBLIC, access_of, operation_doc
from api.public_reads import RESPONSES, enabled
from catalog import editable
from catalog.events.kind import EVENT
from catalog.listings.kind import LISTING
from catalog.offers.package_kind import PACKAGE

PUBLIC_MAX_AGE = 60
DETAILS = {
    "api.listings_listing": (LISTING, "key"),
    "api.events_event": (EVENT, "slug"),
    "api.packages_package": (PACKAGE, "slug"),
}
"""Detail endpoints whose ETag is the entity's version: a 304 costs one one-column lookup."""
UNCACHED_PREFIXES = (
    "api.auth_", "api.api-keys_", "api.users_", "api.specs", "api.openapi", "api.doc", "api.root",
)  # fmt: skip
VARY = ("Accept", "Accept-Language", "Authorization", "X-API-Key")


KEPT_HEADERS = ("Link", "Content-Language", "Content-Disposition")


def init_caching(app: Flask) -> None:
    """Validators and 304s, and a response cache (Flask-Caching) for public reads.

    Cached bodies are keyed on the catalogue ETag (version, host, path, arguments, language,
    Accept), so every write makes every older entry unreachable: nothing stale is served.
    """
    app.config.setdefault("CACHE_TYPE", "SimpleCache")
    app.config.setdefault("CACHE_DEFAULT_TIMEOUT", 600)
    # In process (SimpleCache) each worker keeps up to this many answers: 500 list pages of
    # ~84 KB are ~40 MB, which keeps a worker under 150 MB; Redis (CACHE_TYPE=RedisCache)
    # holds as many as its memory allows, for every instance.
    app.config.setdefault("CACHE_THRESHOLD", 500)
    app.extensions[RESPONSES] = Cache(app)
    app.before_request(_answer_from_cache)
    app.after_request(_cache_headers)


def _cacheable() -> bool:
    endpoint = request.endpoint or ""
    return (
        request.method in ("GET", "HEAD")
        and endpoint.startswith("api.")
        and not endpoint.startswith(UNCACHED_PREFIXES)
        and "Authorization" not in request.headers
        and request.args.get("open_now", "").lower() not in ("true", "1", "yes")
        and _public(endpoint)
    )


def _public(endpoint: str) -> bool:
    """Only public reads: a read that needs a token (revisions) answers 401 to anonymous
    callers, never a 304 from the catalogue's ETag."""
    view = current_app.view_functions.get(endpoint)
    return access_of(view, "GET") == PUBLIC


def _answer_from_cache() -> Response | None:
    if not _cacheable():
        return None
    session = get_session()
    if request.endpoint in DETAILS:
        return _detail_not_modified(session, *DETAILS[request.endpoint])
    state = catalogue_state()
    g.cache_etag = _catalogue_etag(state.version)
    g.cache_last_modified = state.changed_at
    if _matches(g.cache_etag) and not request.if_none_match.star_tag:
        return _not_modified(g.cache_etag)  # our keyed tag: this request was valid before
    if _matches(g.cache_etag) or _not_modified_since(state.changed_at):
        return _not_modified(g.cache_etag) if _valid_query() else None
    if enabled(current_app):
        return None  # the stored answers are api/public_reads.py's, below Flask
    stored = current_app.extensions[RESPONSES].get(_stored_key())
    if stored is None:
        return None
    g.cache_hit = True
    body, mimetype, headers = stored
    return Response(body, mimetype=mimetype, headers=headers)


def _detail_not_modified(session, kind, key: str) -> Response | None:
    if not request.if_none_match:
        return None
    version = editable.published_version(session, kind, request.view_args[key])
    if version is None:
        return None
    tag = etag(version, "*" if wants_all_languages() else current_language())
    return _not_modified(tag) if _matches(tag) and _valid_query() else None


def _valid_query() -> bool:
    """Failures take precedence over preconditions (RFC 9110, 13.2.1): a query string the
    operation refuses gets its 400, never a 304 (If-None-Match: * matches any ETag). Only
    the query schema is checked, no database: a 304 still costs one tiny query."""
    view = current_app.view_functions.get(request.endpoint)
    schema_class = operation_doc(view, "GET").get("query_schema")
    if schema_class is None:
        return True
    schema = _query_schema(schema_class)
    try:
        schema.load(query_dict(schema, request.args))
    except ValidationError:
        return False
    return True


@cache
def _query_schema(schema_class):
    """One per operation: building a schema costs more than loading with it."""
    return schema_class()


def _catalogue_etag(version: int) -> str:
    """Keyed with SECRET_KEY, so no client can make one up: a match proves that this very
    request (path, arguments, language, Accept) was answered 200 at this catalogue version,
    hence that its query string is valid, and the 304 skips parsing it again."""
    args = "&".join(f"{k}={v}" for k, v in sorted(request.args.items(multi=True)))
    key = "|".join(
        (
            str(version),
            request.path,
            args,
            content_language_header(),
            request.headers.get("Accept", ""),
        )
    )
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return f'"c{version}-{hmac.new(secret, key.encode(), hashlib.sha256).hexdigest()[:16]}"'


def _stored_key() -> str:
    """Stored bodies are keyed on the host too: their links are absolute. The ETag is not (a
    client talks to one host), so instances behind one name validate each other's ETags."""
    return f"{g.cache_etag}|{request.host_url}"


def _matches(tag: str) -> bool:
    return request.if_none_match.contains_weak(tag.strip('"'))


def _not_modified_since(changed_at) -> bool:
    header = request.headers.get("If-Modified-Since")
    if not header or request.if_none_match:
        return False
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return False
    return since.tzinfo is not None and changed_at.replace(microsecond=0) <= since


def _not_modified(tag: str) -> Response:
    response = Response(status=304)
    response.headers["ETag"] = tag
    response.headers["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    return response


def _cache_headers(response: Response) -> Response:
    for header in VARY:
        response.vary.add(header)
    if request.method not in ("GET", "HEAD") or response.status_code not in (200, 304):
        return response
    if not _cacheable():
        response.headers.setdefault("Cache-Control", "private, no-cache")
        return response
    response.headers["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    if "cache_etag" in g and "ETag" not in response.headers:
        response.headers["ETag"] = g.cache_etag
        response.headers["Last-Modified"] = format_datetime(g.cache_last_modified, usegmt=True)
        if response.status_code == 200 and not g.get("cache_hit") and not enabled(current_app):
            _remember(response)
    return response


def _remember(response: Response) -> None:
    kept = {name: response.headers[name] for name in KEPT_HEADERS if name in response.headers}
    current_app.extensions[RESPONSES].set(
        _stored_key(), (response.get_data(), response.mimetype, kept)
    )
