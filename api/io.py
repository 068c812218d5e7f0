"""Small decorators of our own that put marshmallow between HTTP and the views.

flask-restx has no marshmallow support: it routes and documents; these parse and validate.
"""

from functools import wraps

from flask import request
from flask_restx import Namespace
from marshmallow import Schema, ValidationError, fields
from werkzeug.datastructures import MultiDict

from api.docs import SchemaDocs
from catalog.i18n.messages import N_


def use_query(ns: Namespace, docs: SchemaDocs, schema_class: type[Schema]):
    """Validate the query string with `schema_class`, document it, pass the result as `query=`.

    Unknown parameters are errors, never silently ignored.
    """

    def decorator(view):
        schema = schema_class()  # loading keeps no state: one instance serves every request

        @wraps(view)
        def wrapper(*args, **kwargs):
            try:
                kwargs["query"] = schema.load(query_dict(schema, request.args))
            except ValidationError as error:
                raise ValidationError(by_parameter(error.messages)) from error
            return view(*args, **kwargs)

        # `query_schema` is ours (restx ignores it): the OpenAPI 3 document reads it.
        return ns.doc(params=docs.query_params(schema_class), query_schema=schema_class)(wrapper)

    return decorator


def query_dict(schema: Schema, args: MultiDict) -> dict:
    """List fields accept repeats and commas (`theme=a,b&theme=c`); others must be single."""
    data: dict = {}
    errors: dict = {}
    by_key = {field.data_key or name: field for name, field in schema.fields.items()}
    for key in args:
        values = args.getlist(key)
        field = by_key.get(key)
        if isinstance(field, fields.List):
            data[key] = [part.strip() for value in values for part in value.split(",")]
        elif len(values) > 1:
            errors[key] = [N_("Give this parameter only once.")]
        else:
            data[key] = values[0]
    if errors:
        raise ValidationError(errors)
    return data


def by_parameter(messages: dict) -> dict[str, list[str]]:
    """Errors keyed by the parameter's name: `theme`, not `theme.0`, since that is what was sent."""
    result: dict[str, list[str]] = {}
    for key, value in messages.items():
        result[key] = list(_leaves(value))
    return result


def _leaves(value):
    if isinstance(value, dict):
        for inner in value.values():
            yield from _leaves(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _leaves(inner)
    else:
        yield value


NUL = "\x00"


def refuse_nul_characters() -> None:
    """No database stores U+0000 in text (PostgreSQL refuses it): reject it at the door."""
    for key, value in request.args.items(multi=True):
        if NUL in key or NUL in value:
            raise ValidationError({key.replace(NUL, ""): ["Invalid value."]})
    if NUL in request.path:
        raise ValidationError({"path": ["Invalid value."]})
