"""The change feed."""

from marshmallow import Schema, fields

from api.schemas.base import QuerySchema
from catalog.validation import Length, Range


class ChangesQuerySchema(QuerySchema):
    since = fields.String(
        validate=Length(max=40),
        metadata={
            "description": "Where to continue: the `cursor` of the previous response, or an "
            "ISO 8601 moment (changes at or after it). Absent: from the beginning."
        },
    )
    limit = fields.Integer(
        load_default=100,
        validate=Range(min=1, max=1000),
        metadata={"description": "Revisions read per page (default 100, at most 1000)."},
    )


class ChangeSchema(Schema):
    id = fields.Integer(required=True, metadata={"description": "The listing's id."})
    slug = fields.String(required=True)
    change = fields.String(required=True, metadata={"description": "created, updated, deleted"})
    at = fields.DateTime(required=True)
    url = fields.Url(allow_none=True, metadata={"description": "Fetch it (null when deleted)."})


class ChangePageSchema(Schema):
    items = fields.List(fields.Nested(ChangeSchema), required=True)
    cursor = fields.String(required=True, metadata={"description": "Pass as since= next time."})
    more = fields.Boolean(required=True, metadata={"description": "Ask again at once if true."})
    next = fields.Url(required=True, metadata={"description": "The URL for the next call."})
