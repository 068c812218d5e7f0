"""What the admin pages share: a domain refusal turned into messages beside the form's fields.

The domain's messages are rendered like the API's (api/errors.py), so a refused password
reads the same in the office, the API and the command line.
"""

from flask import request

from api.errors import flatten_errors
from api.i18n import translate
from api.io import NUL
from catalog.errors import CatalogError, InvalidData
from catalog.i18n.messages import Message

GENERAL = "_form"
"""The key of a refusal that belongs to no one field (shown in the summary only)."""


def problems(error: CatalogError, field: str = GENERAL) -> dict[str, list[str]]:
    """{field: [message, ...]}: InvalidData by its own fields, anything else under `field`."""
    if isinstance(error, InvalidData):
        return flatten_errors(error.errors)
    return {field: [translate(error.detail)]}


def form_values(*names: str) -> dict[str, str]:
    """The posted values of these fields, as sent (the domain normalises them); U+0000,
    which no database stores, is refused beside its field like the API refuses it."""
    values = {name: request.form.get(name, "") for name in names}
    bad = {name: [Message("Invalid value.")] for name, value in values.items() if NUL in value}
    if bad:
        raise InvalidData(bad)
    return values
