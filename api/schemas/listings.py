"""Listings: the query string of the list and the representation of one listing."""

from marshmallow import Schema, ValidationError, fields, validates_schema

from api.schemas.base import (
    PagedQuerySchema,
    PageSchema,
    QuerySchema,
    SelfLinkSchema,
    localized_text,
)
from api.schemas.query_fields import BoxField, PointField, RomeDateTime
from catalog.i18n.messages import Message
from catalog.listings.hours import OpeningHoursSchema
from catalog.listings.queries import SORTS
from catalog.validation import Length, OneOf, Range
from catalog.vocabularies import ACCESS, HIGHLIGHTS, KINDS, PRICE_RANGES, STATUSES, THEMES


def _codes(values, description: str) -> fields.List:
    return fields.List(
        fields.String(validate=OneOf(values)),
        load_default=list,
        metadata={"description": description},
    )


LIST_FORMATS = ("json", "jsonld", "geojson", "csv")
DETAIL_FORMATS = ("json", "jsonld", "geojson")


class MunicipalityRefSchema(Schema):
    slug = fields.String(required=True)
    name = localized_text(required=True)


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
    caption = localized_text()


class SourceSchema(Schema):
    name = fields.String(required=True)
    id = fields.String()
    url = fields.String()
    licence = fields.String()
    attribution = fields.String(metadata={"description": "To be shown with the data."})


class DisplaySchema(Schema):
    opening_hours = fields.String(
        allow_none=True, metadata={"description": "e.g. Tue–Sun 10:00–17:30; closed on Dec 25"}
    )
    updated_at = fields.String(allow_none=True, metadata={"description": "A localised date."})


class ListingSchema(Schema):
    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    kind = fields.String(required=True, metadata={"description": "A code of /kinds."})
    themes = fields.List(fields.String(), required=True, metadata={"description": "/themes codes"})
    municipality = fields.Nested(MunicipalityRefSchema, required=True)
    name = localized_text(required=True)
    summary = localized_text("One or two sentences.")
    description = localized_text("A paragraph.")
    location = fields.Nested(LocationSchema, required=True)
    contacts = fields.Nested(ContactsSchema, required=True)
    price_range = fields.String(allow_none=True, validate=OneOf(PRICE_RANGES))
    access = fields.String(
        required=True,
        validate=OneOf(ACCESS),
        metadata={
            "description": "open; by_appointment; outside_only (seen from outside only: never a "
            "stop of a plan unless asked for); closed."
        },
    )
    highlight = fields.Integer(
        required=True,
        metadata={"description": "0-3: how much a first-time visitor should not miss it."},
    )
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
    distance_km = fields.Float(
        metadata={"description": "With near: great-circle distance from that point."}
    )
    open = fields.Boolean(
        allow_none=True,
        metadata={"description": "With open_at/open_now: open then (null: hours unknown)."},
    )
    next_opening = fields.DateTime(
        allow_none=True,
        metadata={"description": "With open_at/open_now: the next opening from then."},
    )
    display = fields.Nested(
        DisplaySchema,
        allow_none=True,
        metadata={"description": "Texts for people, formatted for the response language."},
    )
    links = fields.Nested(SelfLinkSchema, required=True)


class ListingPageSchema(PageSchema):
    items = fields.List(fields.Nested(ListingSchema), required=True)
    next_cursor = fields.String(
        allow_none=True,
        metadata={"description": "With sort=updated_at: pass as cursor= for the next page."},
    )


LISTING_FIELDS = tuple(ListingSchema().fields)


def _open_at():
    return RomeDateTime(
        metadata={
            "description": "Only listings open at this moment (ISO 8601; Europe/Rome without "
            "an offset); seasons and dated exceptions count. Items then carry open and "
            "next_opening."
        }
    )


def _open_now():
    return fields.Boolean(
        load_default=False,
        metadata={"description": "true: open_at the server's current time (not with open_at)."},
    )


def _sparse_fields():
    return fields.List(
        fields.String(validate=OneOf(LISTING_FIELDS)),
        data_key="fields",
        load_default=list,
        metadata={"description": "Sparse output, e.g. fields=id,name,location."},
    )


def _refuse_open_at_with_open_now(original: dict) -> None:
    """Two moments are one too many: neither silently wins."""
    if "open_at" in original and str(original.get("open_now", "")).lower() in TRUTHY:
        raise ValidationError({"open_now": [Message("Use open_at or open_now, not both.")]})


TRUTHY = tuple(str(value).lower() for value in fields.Boolean.truthy)


class ListingQuerySchema(PagedQuerySchema):
    theme = _codes(THEMES, "Theme codes, repeated or comma-separated: any of them matches.")
    kind = _codes(KINDS, "Kind codes, repeated or comma-separated: any of them matches.")
    access = _codes(
        ACCESS, "Whether a visitor can go in: open, by_appointment, outside_only, closed."
    )
    highlight = fields.Integer(
        load_default=0,
        validate=OneOf(HIGHLIGHTS),
        metadata={"description": "Only places at least this important to a first visit (0-3)."},
    )
    municipality = fields.List(
        fields.String(validate=Length(min=1, max=80)),
        load_default=list,
        metadata={"description": "Municipality slugs, repeated or comma-separated."},
    )
    tag = fields.List(
        fields.String(validate=Length(min=1, max=60)),
        load_default=list,
        metadata={"description": "Tags, repeated or comma-separated: any of them matches."},
    )
    q = fields.String(
        validate=Length(min=1, max=200),
        metadata={
            "description": "Full-text search in every language: names, summaries, descriptions, "
            "tags; accent- and case-insensitive, words match as prefixes (type-ahead)."
        },
    )
    near = PointField(
        metadata={"description": "lat,lon: only listings within radius_km, nearest first."}
    )
    radius_km = fields.Float(
        validate=Range(min=0.01, max=300),
        metadata={"description": "With near (without it, a 400): the radius in km (default 10)."},
    )
    bbox = BoxField(metadata={"description": "minLon,minLat,maxLon,maxLat: listings inside."})
    open_at = _open_at()
    open_now = _open_now()
    updated_since = RomeDateTime(
        metadata={"description": "Only listings changed at or after this moment (for sync)."}
    )
    cursor = fields.String(
        validate=Length(max=200),
        metadata={
            "description": "Keyset paging for sync with sort=updated_at: pass next_cursor of "
            "the previous page (or follow links.next). Not with page (a 400): a cursor page has "
            "no number, and links only to itself and the next cursor."
        },
    )
    fields_ = _sparse_fields()
    format = fields.String(
        validate=OneOf(LIST_FORMATS),
        metadata={"description": "json (default), jsonld, geojson; or use Accept."},
    )
    campaign = fields.String(
        validate=Length(min=1, max=120),
        metadata={"description": "Only the listings a campaign features, e.g. expo-2015."},
    )
    lang_strict = fields.Boolean(
        load_default=False,
        metadata={
            "description": "true: only listings whose name, summary and description all exist "
            "in the response language (no fallback); with lang=* in every language."
        },
    )
    status = fields.List(
        fields.String(validate=OneOf(STATUSES)),
        load_default=lambda: ["published"],
        metadata={
            "description": "draft, archived (signed-in editors: their own towns; admins: all), "
            "published (the default, for everyone)."
        },
    )
    sort = fields.String(
        validate=OneOf(SORTS),
        metadata={
            "description": "name (in the response language), -name, updated_at, -updated_at, "
            "relevance (with q; the default then), distance (with near; the default then)."
        },
    )

    @validates_schema(pass_original=True, skip_on_field_errors=False)
    def _dependents(self, data: dict, original_data: dict, **kwargs) -> None:
        """A parameter that only means something beside another is a 400 without it, so a
        typo in the other never widens the query (sort and cursor are checked by the query)."""
        errors: dict[str, list] = {}
        if "radius_km" in original_data and "near" not in original_data:
            errors["radius_km"] = [Message("A radius needs near.")]
        try:
            _refuse_open_at_with_open_now(original_data)
        except ValidationError as error:
            errors.update(error.messages)
        if errors:
            raise ValidationError(errors)


class ListingDetailQuerySchema(QuerySchema):
    open_at = _open_at()
    open_now = _open_now()
    fields_ = _sparse_fields()
    format = fields.String(
        validate=OneOf(DETAIL_FORMATS),
        metadata={"description": "json (default), jsonld, geojson; or use Accept."},
    )

    @validates_schema(pass_original=True, skip_on_field_errors=False)
    def _dependents(self, data: dict, original_data: dict, **kwargs) -> None:
        _refuse_open_at_with_open_now(original_data)
