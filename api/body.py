"""Reading a JSON body: content type (415), syntax (400), size (413), then the schema (422).

Nothing is written before the whole body has passed, so bad input changes nothing.
"""

from flask import request
from marshmallow import Schema, ValidationError
from werkzeug.exceptions import UnsupportedMediaType

from catalog.errors import InvalidData
from catalog.i18n.messages import Message

JSON_TYPES = ("application/json", "application/merge-patch+json")


class MalformedBody(Exception):
    """The body is not JSON at all."""


def json_body() -> object:
    if request.mimetype not in JSON_TYPES:
        raise UnsupportedMediaType()
    # Reading the data enforces MAX_CONTENT_LENGTH (413) before parsing.
    request.get_data(cache=True)
    data = request.get_json(silent=True)
    if data is None:
        raise MalformedBody()
    return data


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
