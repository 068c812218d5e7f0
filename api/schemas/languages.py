"""Supported response languages."""

from marshmallow import Schema, fields


class LanguageSchema(Schema):
    code = fields.String(required=True, metadata={"description": "For ?lang= and Accept-Language."})
    endonym = fields.String(required=True, metadata={"description": "Its name in itself."})
    name = fields.String(
        required=True, metadata={"description": "Its name in the response language."}
    )
    default = fields.Boolean(required=True, metadata={"description": "Used when nothing matches."})


class LanguageListSchema(Schema):
    items = fields.List(fields.Nested(LanguageSchema), required=True)
    fallback = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "Where a missing text is looked for next, in order."},
    )
