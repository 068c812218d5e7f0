"""What editors send for a listing (the rules every kind shares: api/schemas/editable_write.py)."""

from marshmallow import Schema, fields, validate

from api.schemas.editable_write import EditableWriteSchema, translations_field
from catalog.data.seed_format import DISTRICT_LAT, DISTRICT_LON, SLUG
from catalog.listings.hours import OpeningHoursSchema
from catalog.validation import Length, OneOf, Range, UrlCharacters
from catalog.vocabularies import ACCESS, HIGHLIGHTS, KINDS, PRICE_RANGES, THEMES

PHONE = r"^\+?[0-9 ()./-]{6,25}$"


def web_url(**kwargs) -> fields.Url:
    """http or https, and nothing that could break out of the attribute a partner puts it in."""
    return fields.Url(
        schemes={"http", "https"}, validate=[Length(max=500), UrlCharacters()], **kwargs
    )


class LocationWriteSchema(Schema):
    lat = fields.Float(
        required=True,
        validate=Range(min=DISTRICT_LAT.min, max=DISTRICT_LAT.max),
        metadata={"description": "Inside the district."},
    )
    lon = fields.Float(
        required=True,
        validate=Range(min=DISTRICT_LON.min, max=DISTRICT_LON.max),
        metadata={"description": "Inside the district."},
    )
    address = fields.String(allow_none=True, validate=Length(max=300))
    approximate = fields.Boolean(load_default=False)


class ContactsWriteSchema(Schema):
    website = web_url()
    phone = fields.String(
        validate=validate.Regexp(PHONE), metadata={"description": "e.g. +39 0536 949713"}
    )
    email = fields.Email(validate=Length(max=254))


class MediaWriteSchema(Schema):
    url = web_url(required=True)
    credit = fields.String(allow_none=True, validate=Length(max=300))
    licence = fields.String(allow_none=True, validate=Length(max=100))
    licence_url = web_url(allow_none=True)
    caption = fields.Dict(
        keys=fields.String(validate=Length(min=2, max=8)),
        values=fields.String(validate=Length(max=300)),
        load_default=dict,
    )


class ListingWriteSchema(EditableWriteSchema):
    kind = fields.String(required=True, validate=OneOf(KINDS))
    themes = fields.List(
        fields.String(validate=OneOf(THEMES)), required=True, validate=Length(min=1, max=6)
    )
    municipality = fields.String(required=True, metadata={"description": "A municipality slug."})
    location = fields.Nested(LocationWriteSchema, required=True)
    contacts = fields.Nested(ContactsWriteSchema, load_default=dict)
    price_range = fields.String(allow_none=True, validate=OneOf(PRICE_RANGES))
    access = fields.String(
        load_default="open",
        validate=OneOf(ACCESS),
        metadata={"description": "open, by_appointment, outside_only or closed."},
    )
    highlight = fields.Integer(
        load_default=0,
        validate=OneOf(HIGHLIGHTS),
        metadata={"description": "0-3: what a first-time visitor should not miss."},
    )
    tags = fields.List(
        fields.String(validate=[Length(max=60), SLUG]), load_default=list, validate=Length(max=20)
    )
    opening_hours = fields.Nested(OpeningHoursSchema, allow_none=True)
    media = fields.List(fields.Nested(MediaWriteSchema), load_default=list, validate=Length(max=20))
    translations = translations_field()


class ListingCreateSchema(ListingWriteSchema):
    slug = fields.String(
        validate=[Length(min=1, max=120), SLUG],
        metadata={"description": "Optional; made from the Italian name when absent. Fixed after."},
    )
