"""Reading a JSON body: content type (415), size (413), syntax (400), then the schema (422).

Nothing is written before the whole body has passed, so bad input changes nothing.
"""

import re

from flask import request
from marshmallow import Schema, ValidationError
from werkzeug.exceptions import UnsupportedMediaType

from catalog.errors import InvalidData
from catalog.i18n.messages import N_, Message

JSON_TYPES = ("application/json", "application/merge-patch+json")
MAX_DEPTH = 32
"""Arrays and objects nested deeper than any body of ours (a listing needs 5): it keeps every
recursive walk after parsing (merge patch, validation, diffs) far from the recursion limit."""
TOO_DEEP = N_("The body nests deeper than %(depth)s levels. Nothing was changed.")
NOT_TEXT = N_("The body has a lone surrogate escape, which is not text. Nothing was changed.")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


class MalformedBody(Exception):
    """The body is not JSON we can read; `detail` says why when it is more than syntax."""

    def __init__(self, detail: Message | None = None) -> None:
        super().__init__(str(detail or ""))
        self.detail = detail


def json_body() -> object:
    if request.mimetype not in JSON_TYPES:
        raise UnsupportedMediaType()
    # Reading the data enforces MAX_CONTENT_LENGTH (413) before parsing.
    request.get_data(cache=True)
    try:
        data = request.get_json(silent=True)
    except RecursionError as error:
        # The parser recurses per level: whatever depth exhausts the stack is beyond MAX_DEPTH.
        raise MalformedBody(Message(TOO_DEEP, depth=MAX_DEPTH)) from error
    if data is None:
        raise MalformedBody()
    _refuse_deep_or_not_text(data)
    return data


def _refuse_deep_or_not_text(data: object) -> None:
    """Iterative, since recursion is the hazard. A lone surrogate ("\\ud800") is valid JSON
    syntax but no text: no database or password hash can encode it (RFC 7493 forbids it)."""
    pending = [(data, 0)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                raise MalformedBody(Message(NOT_TEXT))
        elif isinstance(value, dict | list):
            if depth >= MAX_DEPTH:
                raise MalformedBody(Message(TOO_DEEP, depth=MAX_DEPTH))
            children = [*value, *value.values()] if isinstance(value, dict) else value
            pending.extend((child, depth + 1) for child in children)


def load(schema: Schema, data: object) -> dict:
    """Validate with a load schema; every problem comes back at once, field by field."""
    if not isinstance(data, dict):
        raise InvalidData({"_body": [Message("Invalid input type.")]})
    if "\\u0000" in request.get_data(as_text=True) or "\x00" in request.get_data(as_text=True):
        raise InvalidData({"_body": [Message("Invalid value.")]})
    try:
        return schema.load(data)
    except ValidationError as error:
        raise InvalidData(error.messages) from error
