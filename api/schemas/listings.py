"""Listings: the query string of the list and the representation of one listing."""

from marshmallow import Schema, fields, validate

from api.schemas.base import PagedQuerySchema, PageLinksSchema, SelfLinkSchema
from catalog.hours import OpeningHoursSchema
from catalog.listings import SORTS
from catalog.vocabularies import KINDS, PRICE_RANGES, THEMES

NOT_ONE_OF = "{input} is not one of: {choices}."


def _codes(values, description: str) -> fields.List:
    return fields.List(
        fields.String(validate=validate.OneOf(values, error=NOT_ONE_OF)),
        load_default=list,
        metadata={"description": description},
    )


class ListingQuerySchema(PagedQuerySchema):
    theme = _codes(THEMES, "Theme codes, repeated or comma-separated: any of them matches.")
    kind = _codes(KINDS, "Kind codes, repeated or comma-separated: any of them matches.")
    municipality = fields.List(
        fields.String(validate=validate.Length(min=1, max=80)),
        load_default=list,
        metadata={"description": "Municipality slugs, repeated or comma-separated."},
    )
    tag = fields.List(
        fields.String(validate=validate.Length(min=1, max=60)),
        load_default=list,
        metadata={"description": "Tags, repeated or comma-separated: any of them matches."},
    )
    sort = fields.String(
        load_default="name",
        validate=validate.OneOf(SORTS, error=NOT_ONE_OF),
        metadata={
            "description": "name (in the response language), -name, updated_at, -updated_at."
        },
    )


class MunicipalityRefSchema(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)


class LocationSchema(Schema):
    lat = fields.Float(required=True, metadata={"description": "WGS 84 latitude"})
    lon = fields.Float(required=True, metadata={"description": "WGS 84 longitude"})
    address = fields.String(allow_none=True)
    approximate = fields.Boolean(
        required=True, metadata={"description": "True when the point is the town centre."}
    )


class ContactsSchema(Schema):
    website = fields.String()
    phone = fields.String()
    email = fields.String()


class MediaSchema(Schema):
    url = fields.String(required=True)
    credit = fields.String(allow_none=True)
    licence = fields.String(allow_none=True)
    licence_url = fields.String(allow_none=True)
    caption = fields.String(allow_none=True, metadata={"description": "In the response language."})


class SourceSchema(Schema):
    name = fields.String(required=True)
    id = fields.String()
    url = fields.String()
    licence = fields.String()
    attribution = fields.String(metadata={"description": "To be shown with the data."})


class ListingSchema(Schema):
    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    kind = fields.String(required=True, metadata={"description": "A code of /kinds."})
    themes = fields.List(fields.String(), required=True, metadata={"description": "/themes codes"})
    municipality = fields.Nested(MunicipalityRefSchema, required=True)
    name = fields.String(required=True)
    summary = fields.String(allow_none=True)
    description = fields.String(allow_none=True)
    location = fields.Nested(LocationSchema, required=True)
    contacts = fields.Nested(ContactsSchema, required=True)
    price_range = fields.String(allow_none=True, validate=validate.OneOf(PRICE_RANGES))
    tags = fields.List(fields.String(), required=True)
    opening_hours = fields.Nested(
        OpeningHoursSchema,
        allow_none=True,
        metadata={"description": "Weekly rules, seasons and dated exceptions (Europe/Rome)."},
    )
    media = fields.List(fields.Nested(MediaSchema), required=True)
    source = fields.Nested(SourceSchema, allow_none=True)
    status = fields.String(required=True)
    version = fields.Integer(required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)
    language = fields.String(required=True, metadata={"description": "Language of the texts."})
    fallbacks = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        required=True,
        metadata={"description": "Fields not in `language`, with the language they are in."},
    )
    links = fields.Nested(SelfLinkSchema, required=True)


class ListingPageSchema(Schema):
    items = fields.List(fields.Nested(ListingSchema), required=True)
    total = fields.Integer(required=True, metadata={"description": "Matches over all pages."})
    page = fields.Integer(required=True)
    limit = fields.Integer(required=True)
    links = fields.Nested(PageLinksSchema, required=True)
