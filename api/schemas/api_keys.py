"""Partner API keys, for administrators."""

from marshmallow import Schema, fields

from catalog.validation import Length, Range


class ApiKeyCreateSchema(Schema):
    name = fields.String(
        required=True, validate=Length(min=1, max=120), metadata={"description": "Who it is for."}
    )
    per_minute = fields.Integer(
        load_default=600,
        validate=Range(min=1, max=100_000),
        metadata={"description": "Requests per minute this key may make (default 600)."},
    )


class ApiKeySchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    prefix = fields.String(required=True, metadata={"description": "To tell keys apart."})
    per_minute = fields.Integer(required=True)
    created_at = fields.DateTime(required=True)
    revoked_at = fields.DateTime(allow_none=True)


class IssuedApiKeySchema(ApiKeySchema):
    key = fields.String(required=True, metadata={"description": "Shown once: send as X-API-Key."})


class ApiKeyListSchema(Schema):
    items = fields.List(fields.Nested(ApiKeySchema), required=True)
