"""Events: occurrences in a window, and one event with its rule."""

from marshmallow import Schema, fields

from api.schemas.base import (
    PagedQuerySchema,
    PageSchema,
    QuerySchema,
    SelfLinkSchema,
    localized_text,
)
from api.schemas.listings import LocationSchema, MunicipalityRefSchema
from api.schemas.query_fields import BoundedDate
from catalog.validation import Length, OneOf
from catalog.vocabularies import THEMES

EVENT_FORMATS = ("json", "jsonld", "geojson", "ical")


class EventQuerySchema(PagedQuerySchema):
    from_ = BoundedDate(
        data_key="from", metadata={"description": "First day of the window (default: today)."}
    )
    to = BoundedDate(metadata={"description": "Last day of the window (default: from + 31 days)."})
    municipality = fields.List(
        fields.String(validate=Length(min=1, max=80)),
        load_default=list,
        metadata={"description": "Municipality slugs, repeated or comma-separated."},
    )
    theme = fields.List(
        fields.String(validate=OneOf(THEMES)),
        load_default=list,
        metadata={"description": "Theme codes, repeated or comma-separated."},
    )
    campaign = fields.String(
        validate=Length(min=1, max=120),
        metadata={"description": "Only what happens during this campaign, e.g. expo-2015."},
    )
    format = fields.String(
        validate=OneOf(EVENT_FORMATS),
        metadata={"description": "json (default), jsonld, geojson, ical; or use Accept."},
    )


class EventDetailQuerySchema(QuerySchema):
    format = fields.String(
        validate=OneOf(EVENT_FORMATS),
        metadata={"description": "json (default), jsonld, geojson, ical; or use Accept."},
    )


class ListingRefSchema(Schema):
    slug = fields.String(required=True)
    url = fields.Url(required=True)


class EventSchema(Schema):
    slug = fields.String(required=True)
    name = localized_text(required=True)
    summary = localized_text()
    description = localized_text()
    start = fields.Date(
        required=True,
        metadata={
            "description": "In a list: this occurrence's first day; alone: the first edition's."
        },
    )
    end = fields.Date(
        required=True,
        metadata={
            "description": "In a list: this occurrence's last day; alone: the first edition's."
        },
    )
    all_day = fields.Boolean(required=True)
    recurring = fields.Boolean(required=True)
    recurrence = fields.String(allow_none=True, metadata={"description": "RFC 5545 RRULE."})
    recurrence_note = localized_text("The repetition in words; see fallbacks.")
    themes = fields.List(fields.String(), required=True)
    municipality = fields.Nested(MunicipalityRefSchema, required=True)
    listing = fields.Nested(ListingRefSchema, allow_none=True)
    location = fields.Nested(LocationSchema, required=True)
    language = fields.String(required=True)
    fallbacks = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    links = fields.Nested(SelfLinkSchema, required=True)


class EventDetailSchema(EventSchema):
    upcoming = fields.List(
        fields.Dict(),
        required=True,
        metadata={"description": "The next occurrences from today: [{start, end}]."},
    )


class EventListSchema(PageSchema):
    items = fields.List(fields.Nested(EventSchema), required=True)
    total = fields.Integer(required=True, metadata={"description": "Occurrences over all pages."})
    window = fields.Dict(required=True, metadata={"description": "{from, to} as used."})
