"""Kinds and themes: codes with translated labels."""

from marshmallow import Schema, fields


class TermSchema(Schema):
    code = fields.String(required=True, metadata={"description": "Stable code used in filters."})
    label = fields.String(required=True, metadata={"description": "In the response language."})


class TermListSchema(Schema):
    items = fields.List(fields.Nested(TermSchema), required=True)
