"""What editors send: the write representation mirrors the read one, without what the server
owns (id, slug after creation, owner, status, version, timestamps, source)."""

from flask import current_app
from marshmallow import Schema, ValidationError, fields, pre_load, validate, validates

from catalog.hours import OpeningHoursSchema
from catalog.i18n import N_, Message
from catalog.seed_format import DISTRICT_LAT, DISTRICT_LON, SLUG
from catalog.validation import Length, OneOf, Range
from catalog.vocabularies import KINDS, PRICE_RANGES, THEMES

SERVER_OWNED = (
    "id", "owner", "status", "version", "created_at", "updated_at", "source",
    "language", "fallbacks", "display", "links",
)  # fmt: skip
SERVER_OWNED_MESSAGE = N_("Set by the server; it cannot be written.")
PHONE = r"^\+?[0-9 ()./-]{6,25}$"


def refuse_server_fields(data):
    """Mass assignment: naming a server-owned field is an error of its own, not ignored."""
    if isinstance(data, dict):
        owned = [key for key in data if key in SERVER_OWNED]
        if owned:
            raise ValidationError({key: [Message(SERVER_OWNED_MESSAGE)] for key in owned})
    return data


def check_languages(translations: dict) -> None:
    """Texts only in the configured languages."""
    supported = current_app.config["DISTRETTO_LANGUAGES"]
    unknown = sorted(lang for lang in translations if lang not in supported)
    if unknown:
        raise ValidationError(
            [
                Message(
                    "%(input)s is not one of: %(choices)s.",
                    input=", ".join(unknown),
                    choices=", ".join(supported),
                )
            ]
        )


class TextsWriteSchema(Schema):
    name = fields.String(required=True, validate=Length(min=1, max=200))
    summary = fields.String(allow_none=True, validate=Length(max=600))
    description = fields.String(
        allow_none=True,
        validate=Length(max=4000),
        metadata={"description": "HTML fragment: p, br, strong, em, ul, ol, li, a[href]."},
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
    website = fields.Url(schemes={"http", "https"}, validate=Length(max=500))
    phone = fields.String(
        validate=validate.Regexp(PHONE), metadata={"description": "e.g. +39 0536 949713"}
    )
    email = fields.Email(validate=Length(max=254))


class MediaWriteSchema(Schema):
    url = fields.Url(required=True, schemes={"http", "https"}, validate=Length(max=500))
    credit = fields.String(allow_none=True, validate=Length(max=300))
    licence = fields.String(allow_none=True, validate=Length(max=100))
    licence_url = fields.Url(allow_none=True, schemes={"http", "https"})
    caption = fields.Dict(
        keys=fields.String(validate=Length(min=2, max=8)),
        values=fields.String(validate=Length(max=300)),
        load_default=dict,
    )


def _languages_field() -> fields.Dict:
    return fields.Dict(
        keys=fields.String(validate=Length(min=2, max=8)),
        values=fields.Nested(TextsWriteSchema),
        required=True,
        metadata={"description": "{lang: {name, summary, description}}; Italian name required."},
    )


class ListingWriteSchema(Schema):
    kind = fields.String(required=True, validate=OneOf(KINDS))
    themes = fields.List(
        fields.String(validate=OneOf(THEMES)), required=True, validate=Length(min=1, max=6)
    )
    municipality = fields.String(required=True, metadata={"description": "A municipality slug."})
    location = fields.Nested(LocationWriteSchema, required=True)
    contacts = fields.Nested(ContactsWriteSchema, load_default=dict)
    price_range = fields.String(allow_none=True, validate=OneOf(PRICE_RANGES))
    tags = fields.List(
        fields.String(validate=[Length(max=60), SLUG]), load_default=list, validate=Length(max=20)
    )
    opening_hours = fields.Nested(OpeningHoursSchema, allow_none=True)
    media = fields.List(fields.Nested(MediaWriteSchema), load_default=list, validate=Length(max=20))
    translations = _languages_field()

    @pre_load
    def _no_server_fields(self, data, **kwargs):
        return refuse_server_fields(data)

    @validates("translations")
    def _supported_languages(self, value: dict, **kwargs) -> None:
        check_languages(value)


class ListingCreateSchema(ListingWriteSchema):
    slug = fields.String(
        validate=[Length(min=1, max=120), SLUG],
        metadata={"description": "Optional; made from the Italian name when absent. Fixed after."},
    )
