"""RFC 9457 problem details: the one shape of every error this API returns.

Domain errors and HTTP errors are mapped to a status here, once.
"""

import logging
from http import HTTPStatus

from flask import Flask, Response, json
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from api.i18n import translate
from catalog.errors import CatalogError, InvalidRequest, NotFound
from catalog.i18n import N_

PROBLEM_JSON = "application/problem+json"
INVALID_REQUEST_TYPE = "tag:distretto,2015:problems/invalid-request"
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
    415: N_("Unsupported Media Type"),
    422: N_("Unprocessable Content"),
    428: N_("Precondition Required"),
    429: N_("Too Many Requests"),
    500: N_("Internal Server Error"),
    503: N_("Service Unavailable"),
}
INVALID_TITLE = N_("Invalid request")
INVALID_DETAIL = N_("Some parameters are not valid: %(fields)s.")
INTERNAL_DETAIL = N_("Something went wrong on our side. The error has been logged.")


def problem(
    status: int,
    detail: str | None = None,
    *,
    title: str | None = None,
    type_: str = "about:blank",
    errors: dict[str, list[str]] | None = None,
    headers: dict | None = None,
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
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_JSON)
    response.headers.extend(headers or {})
    return response


def invalid(errors: dict) -> Response:
    flat = flatten_errors(errors)
    return problem(
        400,
        translate(INVALID_DETAIL) % {"fields": ", ".join(flat)},
        title=translate(INVALID_TITLE),
        type_=INVALID_REQUEST_TYPE,
        errors=flat,
    )


def flatten_errors(errors: dict, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested error dict as {"location.lat": ["..."]}, messages translated."""
    flat: dict[str, list[str]] = {}
    for key, value in errors.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten_errors(value, f"{name}."))
        else:
            messages = value if isinstance(value, list) else [value]
            flat[name] = [translate(message) for message in messages]
    return flat


def to_problem(error: BaseException) -> Response:
    """The response for any exception raised while handling an API request."""
    if isinstance(error, ValidationError):
        return invalid(
            error.messages if isinstance(error.messages, dict) else {"_": error.messages}
        )
    if isinstance(error, InvalidRequest):
        return invalid(error.errors)
    if isinstance(error, NotFound):
        return problem(404, translate(error.detail))
    if isinstance(error, CatalogError):
        return problem(400, translate(error.detail))
    if isinstance(error, HTTPException):
        headers = dict(error.get_headers()) if error.code == 405 else None
        if headers:
            headers.pop("Content-Type", None)
        return problem(error.code or 500, headers=headers)
    log.exception("unhandled error", exc_info=error)
    return problem(500, translate(INTERNAL_DETAIL))


def init_errors(app: Flask) -> None:
    """Errors outside the restx Api (unknown URLs, the docs) get the same problem bodies."""
    app.register_error_handler(HTTPException, to_problem)
    app.register_error_handler(Exception, to_problem)
