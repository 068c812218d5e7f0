"""Signing in and the tokens it gives."""

from marshmallow import Schema, fields

from catalog.validation import Length


class LoginSchema(Schema):
    email = fields.String(required=True, validate=Length(min=3, max=254))
    password = fields.String(required=True, load_only=True, validate=Length(min=1, max=1024))


class IssuedTokenSchema(Schema):
    id = fields.Integer(required=True)
    token = fields.String(required=True, metadata={"description": "Shown once; send as Bearer."})
    token_type = fields.String(required=True, metadata={"description": "Always Bearer."})
    expires_at = fields.DateTime(required=True)


class TokenInfoSchema(Schema):
    id = fields.Integer(required=True)
    created_at = fields.DateTime(required=True)
    expires_at = fields.DateTime(required=True)
    current = fields.Boolean(required=True, metadata={"description": "The token of this call."})


class TokenListSchema(Schema):
    items = fields.List(fields.Nested(TokenInfoSchema), required=True)
