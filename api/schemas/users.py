"""Accounts, for administrators: what they see of a user, and a new password."""

from marshmallow import Schema, fields

from catalog.validation import Length


class UserSchema(Schema):
    id = fields.Integer(required=True)
    email = fields.String(required=True)
    role = fields.String(required=True, metadata={"description": "admin or editor."})
    organisation = fields.String(
        required=True, metadata={"description": "The organisation's slug: a town, or distretto."}
    )
    active = fields.Boolean(
        required=True, metadata={"description": "False: cannot sign in, tokens refused."}
    )
    live_tokens = fields.Integer(
        required=True, metadata={"description": "Tokens that are neither revoked nor expired."}
    )
    created_at = fields.DateTime(required=True)


class UserListSchema(Schema):
    items = fields.List(fields.Nested(UserSchema), required=True)


class NewPasswordSchema(Schema):
    password = fields.String(
        required=True,
        load_only=True,
        validate=Length(min=1, max=1024),
        metadata={
            "description": "12 to 128 characters, not easy to guess (common passwords, "
            "repeats, keyboard patterns and the account's own name are refused)."
        },
    )


class RevokedTokensSchema(Schema):
    revoked = fields.Integer(required=True, metadata={"description": "How many were live."})
