"""What editors send for a package: stops by listing slug, in order, and texts per language."""

from marshmallow import Schema, fields, pre_load, validates

from api.schemas.listing_write import check_languages, refuse_server_fields
from catalog.seed_format import AUDIENCES, SLUG
from catalog.validation import Length, OneOf, Range


class PackageTextsWriteSchema(Schema):
    name = fields.String(required=True, validate=Length(min=1, max=200))
    summary = fields.String(allow_none=True, validate=Length(max=600))
    description = fields.String(allow_none=True, validate=Length(max=4000))
    includes = fields.String(allow_none=True, validate=Length(max=1000))


class SeasonWriteSchema(Schema):
    start = fields.String(data_key="from", required=True, validate=Length(equal=5))
    end = fields.String(data_key="to", required=True, validate=Length(equal=5))


class PackageWriteSchema(Schema):
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
    translations = fields.Dict(
        keys=fields.String(validate=Length(min=2, max=8)),
        values=fields.Nested(PackageTextsWriteSchema),
        required=True,
    )

    @pre_load
    def _no_server_fields(self, data, **kwargs):
        return refuse_server_fields(data)

    @validates("translations")
    def _supported_languages(self, value: dict, **kwargs) -> None:
        check_languages(value)


class PackageCreateSchema(PackageWriteSchema):
    slug = fields.String(required=True, validate=[Length(min=1, max=120), SLUG])
