"""What editors send for a package: stops by listing slug, in order, and texts per language."""

from marshmallow import Schema, fields

from api.schemas.editable_write import EditableWriteSchema, TextsWriteSchema, translations_field
from catalog.data.seed_format import AUDIENCES, SLUG
from catalog.validation import Length, OneOf, Range


class PackageTextsWriteSchema(TextsWriteSchema):
    includes = fields.String(allow_none=True, validate=Length(max=1000))


class SeasonWriteSchema(Schema):
    start = fields.String(data_key="from", required=True, validate=Length(equal=5))
    end = fields.String(data_key="to", required=True, validate=Length(equal=5))


class PackageWriteSchema(EditableWriteSchema):
    stops = fields.List(
        fields.String(validate=[Length(min=1, max=120), SLUG]),
        required=True,
        validate=Length(min=2, max=12),
        metadata={"description": "Listing slugs, in visiting order."},
    )
    duration_hours = fields.Float(allow_none=True, validate=Range(min=0.5, max=24))
    duration_days = fields.Integer(allow_none=True, validate=Range(min=1, max=14))
    price_from = fields.Float(
        allow_none=True, validate=Range(min=0, max=10_000), metadata={"description": "EUR"}
    )
    audience = fields.List(fields.String(validate=OneOf(AUDIENCES)), load_default=list)
    season = fields.Nested(SeasonWriteSchema, allow_none=True)
    translations = translations_field(PackageTextsWriteSchema)


class PackageCreateSchema(PackageWriteSchema):
    slug = fields.String(required=True, validate=[Length(min=1, max=120), SLUG])
