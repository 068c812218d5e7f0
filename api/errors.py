"""RFC 9457 problem details: the one shape of every error this API returns.

Domain errors and HTTP errors are mapped to a status here, once.
"""

import logging
import sqlite3
from http import HTTPStatus

from flask import Flask, Response, json
from marshmallow import ValidationError
from sqlalchemy import exc as sqlalchemy_errors
from werkzeug.exceptions import HTTPException

from api.body import MalformedBody
from api.conditional import MalformedPrecondition, PreconditionRequired
from api.i18n import translate
from catalog.errors import (
    CatalogError,
    Conflict,
    Forbidden,
    InvalidCredentials,
    InvalidData,
    InvalidRequest,
    NotAuthenticated,
    NotFound,
    PreconditionFailed,
    TooManyAttempts,
)
from catalog.i18n.messages import N_

PROBLEM_JSON = "application/problem+json"
INVALID_REQUEST_TYPE = "tag:distretto,2015:problems/invalid-request"
INVALID_DATA_TYPE = "tag:distretto,2015:problems/invalid-data"
STALE_TYPE = "tag:distretto,2015:problems/stale-version"
log = logging.getLogger(__name__)

# Titles are HTTP reason phrases marked for translation.
TITLES = {
    400: N_("Bad Request"),
    401: N_("Unauthorized"),
    403: N_("Forbidden"),
    404: N_("Not Found"),
    405: N_("Method Not Allowed"),
    406: N_("Not Acceptable"),
    409: N_("Conflict"),
    412: N_("Precondition Failed"),
    413: N_("Content Too Large"),
    414: N_("URI Too Long"),
    415: N_("Unsupported Media Type"),
    422: N_("Unprocessable Content"),
    428: N_("Precondition Required"),
    429: N_("Too Many Requests"),
    500: N_("Internal Server Error"),
    503: N_("Service Unavailable"),
}
INVALID_TITLE = N_("Invalid request")
INVALID_DETAIL = N_("Some parameters are not valid: %(fields)s.")
INVALID_DATA_TITLE = N_("Invalid data")
INVALID_DATA_DETAIL = N_("Some fields are not valid: %(fields)s. Nothing was changed.")
MALFORMED_DETAIL = N_("The body is not valid JSON. Nothing was changed.")
PRECONDITION_REQUIRED_DETAIL = N_(
    "Send If-Match with the ETag of the version you are changing (or * to overwrite)."
)
MALFORMED_PRECONDITION_DETAIL = N_("If-Match names no version of this listing.")
AUTH_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="distretto"'}
INTERNAL_DETAIL = N_("Something went wrong on our side. The error has been logged.")
UNAVAILABLE_DETAIL = N_(
    "The catalogue is briefly unavailable. Nothing was changed; try again in a few seconds."
)
RETRY_AFTER_SECONDS = "5"
CONCURRENT_DETAIL = N_("Another change got there first. Read the resource again and retry.")


def problem(
    status: int,
    detail: str | None = None,
    *,
    title: str | None = None,
    type_: str = "about:blank",
    errors: dict[str, list[str]] | None = None,
    headers: dict | None = None,
    extra: dict | None = None,
) -> Response:
    body: dict = {
        "type": type_,
        "title": title or translate(TITLES.get(status) or HTTPStatus(status).phrase),
        "status": status,
    }
    if detail:
        body["detail"] = detail
    if errors is not None:
        body["errors"] = errors
    body.update(extra or {})
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_JSON)
    response.headers.extend(headers or {})
    return response


def invalid(errors: dict, status: int = 400) -> Response:
    flat = flatten_errors(errors)
    request_problem = status == 400
    return problem(
        status,
        translate(INVALID_DETAIL if request_problem else INVALID_DATA_DETAIL)
        % {"fields": ", ".join(flat)},
        title=translate(INVALID_TITLE if request_problem else INVALID_DATA_TITLE),
        type_=INVALID_REQUEST_TYPE if request_problem else INVALID_DATA_TYPE,
        errors=flat,
    )


def flatten_errors(errors: dict, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested error dict as {"location.lat": ["..."]}, messages translated."""
    flat: dict[str, list[str]] = {}
    for key, value in errors.items():
        # A Dict field nests its values' errors under "value": keep translations.it.name.
        name = prefix.rstrip(".") if key == "value" and prefix else f"{prefix}{key}"
        if isinstance(value, dict):
            for inner, messages in flatten_errors(value, f"{name}.").items():
                flat.setdefault(inner, []).extend(messages)
        else:
            messages = value if isinstance(value, list) else [value]
            flat.setdefault(name, []).extend(translate(message) for message in messages)
    return flat


def to_problem(error: BaseException) -> Response:
    """The response for any exception raised while handling an API request."""
    if isinstance(error, ValidationError):
        return invalid(
            error.messages if isinstance(error.messages, dict) else {"_": error.messages}
        )
    if isinstance(error, InvalidRequest):
        return invalid(error.errors)
    if isinstance(error, InvalidData):
        return invalid(error.errors, 422)
    if isinstance(error, PreconditionFailed):
        return problem(
            412,
            translate(error.detail),
            type_=STALE_TYPE,
            extra={"current_version": error.current_version},
        )
    if isinstance(error, TooManyAttempts):
        return problem(
            429, translate(error.detail), headers={"Retry-After": str(error.retry_after)}
        )
    for domain_error, status in DOMAIN_STATUSES:
        if isinstance(error, domain_error):
            headers = AUTH_CHALLENGE if status == 401 else None
            return problem(status, translate(error.detail), headers=headers)
    if isinstance(error, MalformedBody):
        return problem(400, translate(error.detail or MALFORMED_DETAIL))
    if isinstance(error, PreconditionRequired):
        return problem(428, translate(PRECONDITION_REQUIRED_DETAIL))
    if isinstance(error, MalformedPrecondition):
        return problem(412, translate(MALFORMED_PRECONDITION_DETAIL), type_=STALE_TYPE)
    if database_unavailable(error):
        log.warning("database unavailable: %s", error.__class__.__name__)
        return problem(
            503, translate(UNAVAILABLE_DETAIL), headers={"Retry-After": RETRY_AFTER_SECONDS}
        )
    if isinstance(error, sqlalchemy_errors.IntegrityError):
        log.warning("integrity error mapped to 409: %s", error.__class__.__name__)
        return problem(409, translate(CONCURRENT_DETAIL))
    if isinstance(error, HTTPException):
        headers = dict(error.get_headers()) if error.code == 405 else None
        if headers:
            headers.pop("Content-Type", None)
        return problem(error.code or 500, headers=headers)
    log.exception("unhandled error", exc_info=error)
    return problem(500, translate(INTERNAL_DETAIL))


# The database is away (restarting, unreachable, read-only, full): a 503 the client can retry.
# Any other database error (a bad statement, a failed full-text query) is our bug: a logged 500,
# never passed off as an outage.
ALWAYS_UNAVAILABLE = (sqlalchemy_errors.DisconnectionError, sqlalchemy_errors.TimeoutError)
POSTGRES_UNAVAILABLE_SQLSTATES = ("08", "53", "57P")
"""Connection exceptions, insufficient resources, the server shutting down or starting up."""
SQLITE_UNAVAILABLE_CODES = {
    sqlite3.SQLITE_BUSY,
    sqlite3.SQLITE_LOCKED,
    sqlite3.SQLITE_NOMEM,
    sqlite3.SQLITE_READONLY,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_FULL,
    sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_PROTOCOL,
}
"""Locked, busy, unable to open, read-only, disk full or failing: the file, not the query."""
SQLITE_UNAVAILABLE_TEXTS = (
    "database is locked",
    "database table is locked",
    "unable to open",
    "readonly database",
    "database or disk is full",
    "disk i/o error",
)


def database_unavailable(error: BaseException) -> bool:
    if isinstance(error, ALWAYS_UNAVAILABLE):
        return True
    if not isinstance(error, sqlalchemy_errors.DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    if not isinstance(
        error, (sqlalchemy_errors.OperationalError, sqlalchemy_errors.InterfaceError)
    ):
        return False
    original = error.orig
    if isinstance(original, sqlite3.Error):
        code = getattr(original, "sqlite_errorcode", None)
        if code is not None and code & 0xFF in SQLITE_UNAVAILABLE_CODES:
            return True
        return any(text in str(original).lower() for text in SQLITE_UNAVAILABLE_TEXTS)
    sqlstate = getattr(original, "sqlstate", None)
    if sqlstate is None:
        # psycopg without a SQLSTATE: the connection failed or was lost before any answer.
        return True
    return sqlstate.startswith(POSTGRES_UNAVAILABLE_SQLSTATES)


DOMAIN_STATUSES = (
    (NotFound, 404),
    (NotAuthenticated, 401),
    (InvalidCredentials, 401),
    (Forbidden, 403),
    (Conflict, 409),
    (CatalogError, 400),
)


def init_errors(app: Flask) -> None:
    """Errors outside the restx Api (unknown URLs, the docs) get the same problem bodies."""
    app.register_error_handler(HTTPException, to_problem)
    app.register_error_handler(Exception, to_problem)
