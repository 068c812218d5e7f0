"""Translation status of the catalogue."""

from marshmallow import Schema, fields

from api.schemas.base import QuerySchema
from catalog.validation import Length


class TranslationStatusQuerySchema(QuerySchema):
    municipality = fields.List(
        fields.String(validate=Length(min=1, max=80)),
        load_default=list,
        metadata={"description": "Municipality slugs, repeated or comma-separated."},
    )


class MissingSchema(Schema):
    slug = fields.String(required=True, metadata={"description": "The listing."})
    fields_ = fields.List(
        fields.String(),
        required=True,
        data_key="fields",
        metadata={"description": "Texts it lacks: name, summary, description."},
    )


class LanguageStatusSchema(Schema):
    code = fields.String(required=True)
    complete = fields.Integer(required=True, metadata={"description": "Listings complete."})
    incomplete = fields.Integer(required=True)
    missing = fields.List(fields.Nested(MissingSchema), required=True)


class TranslationStatusSchema(Schema):
    total = fields.Integer(required=True, metadata={"description": "Published listings counted."})
    languages = fields.List(fields.Nested(LanguageStatusSchema), required=True)
