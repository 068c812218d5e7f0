"""Kinds and themes: codes with translated labels."""

from marshmallow import Schema, fields


class TermSchema(Schema):
    code = fields.String(required=True, metadata={"description": "Stable code used in filters."})
    label = fields.String(required=True, metadata={"description": "In the response language."})
    summary = fields.String(required=True, metadata={"description": "One line."})
    description = fields.String(required=True)


class TermListSchema(Schema):
    items = fields.List(fields.Nested(TermSchema), required=True)
