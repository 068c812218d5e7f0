"""The six towns."""

from marshmallow import Schema, fields

from api.schemas.base import PointSchema, localized_text


class TouristOfficeSchema(Schema):
    name = fields.String(required=True)
    address = fields.String()
    phone = fields.String()
    email = fields.String()
    website = fields.String()
    lat = fields.Float()
    lon = fields.Float()


class MunicipalityLinksSchema(Schema):
    self = fields.Url(required=True)
    listings = fields.Url(required=True, metadata={"description": "Its published listings."})


class MunicipalitySchema(Schema):
    slug = fields.String(required=True)
    istat_code = fields.String(required=True, metadata={"description": "Six-digit ISTAT code."})
    name = localized_text(required=True)
    summary = localized_text()
    description = localized_text()
    province = fields.String(required=True, metadata={"description": "MO or RE."})
    centre = fields.Nested(PointSchema, required=True)
    population = fields.Integer(allow_none=True)
    population_as_of = fields.String(allow_none=True)
    tourist_office = fields.Nested(TouristOfficeSchema, allow_none=True)
    listing_count = fields.Integer(required=True, metadata={"description": "Published listings."})
    language = fields.String(required=True, metadata={"description": "Language of the texts."})
    fallbacks = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        required=True,
        metadata={"description": "Fields not in `language`, with the language they are in."},
    )
    links = fields.Nested(MunicipalityLinksSchema, required=True)


class MunicipalityListSchema(Schema):
    items = fields.List(fields.Nested(MunicipalitySchema), required=True)
