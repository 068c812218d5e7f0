"""Packages, campaigns and day plans."""

from marshmallow import Schema, fields

from api.schemas.base import (
    PagedQuerySchema,
    PageSchema,
    QuerySchema,
    SelfLinkSchema,
    localized_text,
)
from api.schemas.listings import LocationSchema, MunicipalityRefSchema
from api.schemas.query_fields import BoundedDate, LocalTime
from catalog.offers.planner import MAX_DAYS
from catalog.validation import Length, OneOf, Range
from catalog.vocabularies import ACCESS, THEMES

OFFER_FORMATS = ("json", "jsonld")


def _include_outside() -> fields.Boolean:
    return fields.Boolean(
        load_default=False,
        metadata={
            "description": "true: also the stops that can only be seen from outside (a factory "
            "gate, a private track); by default they are left out, and counted."
        },
    )


class PackageQuerySchema(PagedQuerySchema):
    include_outside = _include_outside()
    theme = fields.List(
        fields.String(validate=OneOf(THEMES)),
        load_default=list,
        metadata={"description": "Packages with a stop of any of these themes."},
    )
    municipality = fields.List(
        fields.String(validate=Length(min=1, max=80)),
        load_default=list,
        metadata={"description": "Packages with a stop in any of these towns."},
    )
    campaign = fields.String(
        validate=Length(min=1, max=120), metadata={"description": "Featured by this campaign."}
    )
    format = fields.String(
        validate=OneOf(OFFER_FORMATS), metadata={"description": "json (default) or jsonld."}
    )


class OfferDetailQuerySchema(QuerySchema):
    format = fields.String(
        validate=OneOf(OFFER_FORMATS), metadata={"description": "json (default) or jsonld."}
    )


class PackageDetailQuerySchema(OfferDetailQuerySchema):
    include_outside = _include_outside()


class StopListingSchema(Schema):
    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    name = localized_text(required=True)
    summary = localized_text()
    kind = fields.String(required=True)
    access = fields.String(required=True, metadata={"description": "See /listings."})
    highlight = fields.Integer(required=True, metadata={"description": "0-3, see /listings."})
    themes = fields.List(fields.String(), required=True)
    municipality = fields.Nested(MunicipalityRefSchema, required=True)
    location = fields.Nested(LocationSchema, required=True)
    url = fields.Url(required=True)


class PackageStopSchema(Schema):
    position = fields.Integer(required=True, metadata={"description": "From 1."})
    listing = fields.Nested(StopListingSchema, required=True)
    distance_from_previous_km = fields.Float(
        allow_none=True, metadata={"description": "Great-circle; null for the first stop."}
    )


class PackageSchema(Schema):
    slug = fields.String(required=True)
    name = localized_text(required=True)
    summary = localized_text()
    description = localized_text()
    includes = localized_text("What the package consists of.")
    duration_hours = fields.Float(allow_none=True)
    duration_days = fields.Integer(allow_none=True)
    price_from = fields.Float(allow_none=True, metadata={"description": "EUR; null: unknown."})
    price_currency = fields.String(required=True, metadata={"description": "Always EUR."})
    audience = fields.List(fields.String(), required=True)
    season = fields.Dict(allow_none=True, metadata={"description": "{from, to} as MM-DD."})
    themes = fields.List(fields.String(), required=True)
    municipalities = fields.List(fields.Nested(MunicipalityRefSchema), required=True)
    stops = fields.List(fields.Nested(PackageStopSchema), required=True)
    total_distance_km = fields.Float(required=True)
    stops_seen_from_outside_left_out = fields.Integer(
        required=True,
        metadata={
            "description": "Places of the package that can only be seen from outside, left out "
            "of `stops` (include_outside=true shows them)."
        },
    )
    only_seen_from_outside = fields.Boolean(
        required=True,
        metadata={"description": "true: no place of the package can be entered by a visitor."},
    )
    language = fields.String(required=True)
    fallbacks = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    links = fields.Nested(SelfLinkSchema, required=True)


class PackageListSchema(PageSchema):
    items = fields.List(fields.Nested(PackageSchema), required=True)


class HubSchema(Schema):
    name = fields.String(required=True)
    lat = fields.Float(required=True)
    lon = fields.Float(required=True)


class FeaturedListingSchema(StopListingSchema):
    distance_from_hub_km = fields.Float(
        allow_none=True, metadata={"description": "Great-circle km from the hub."}
    )


class CampaignSchema(Schema):
    slug = fields.String(required=True)
    name = localized_text(required=True)
    summary = localized_text()
    description = localized_text()
    getting_there = localized_text("From the hub to the district.")
    start = fields.Date(required=True)
    end = fields.Date(required=True)
    hub = fields.Nested(HubSchema, allow_none=True)
    language = fields.String(required=True)
    fallbacks = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    links = fields.Nested(SelfLinkSchema, required=True)


class CampaignDetailSchema(CampaignSchema):
    featured_listings = fields.List(fields.Nested(FeaturedListingSchema), required=True)
    featured_packages = fields.List(fields.Nested(PackageSchema), required=True)


class CampaignListSchema(Schema):
    items = fields.List(fields.Nested(CampaignSchema), required=True)


class PlanQuerySchema(QuerySchema):
    start = fields.String(
        validate=Length(min=1, max=120),
        metadata={"description": "lat,lon, or a listing id or slug to start from."},
    )
    hub = fields.String(
        validate=Length(min=1, max=120),
        metadata={"description": "Start at a campaign's hub instead, e.g. expo-2015."},
    )
    date = BoundedDate(required=True, metadata={"description": "The (first) day, YYYY-MM-DD."})
    from_ = LocalTime(data_key="from", metadata={"description": "Start, HH:MM (09:00), local."})
    to = LocalTime(metadata={"description": "End, HH:MM (18:00), local."})
    days = fields.Integer(
        load_default=1,
        validate=Range(min=1, max=MAX_DAYS),
        metadata={"description": "1 to 3 days; nights at a place to stay between them."},
    )
    themes = fields.List(
        fields.String(validate=OneOf(THEMES)),
        load_default=list,
        metadata={"description": "Places of these themes score higher (see assumptions)."},
    )
    include = fields.List(
        fields.String(validate=Length(min=1, max=120)),
        load_default=list,
        validate=Length(max=10),
        metadata={
            "description": "Listing slugs or ids the visitor wants in the plan (a 400 if "
            "unknown); scored higher, and may be places seen only from outside."
        },
    )
    include_outside = fields.Boolean(
        load_default=False,
        metadata={
            "description": "true: places that can only be seen from outside (a factory gate, "
            "a private track) may be stops; without it they never are."
        },
    )
    format = fields.String(
        validate=OneOf(OFFER_FORMATS), metadata={"description": "json (default) or jsonld."}
    )


class PlanStopSchema(Schema):
    position = fields.Integer(required=True)
    day = fields.Integer(required=True, metadata={"description": "1 for the first day."})
    listing = fields.Nested(StopListingSchema, required=True)
    arrival = fields.DateTime(
        required=True,
        metadata={"description": "When the visit starts, local time (Europe/Rome)."},
    )
    departure = fields.DateTime(required=True)
    travel_minutes = fields.Integer(required=True, metadata={"description": "From the previous."})
    wait_minutes = fields.Integer(
        required=True, metadata={"description": "Waiting on arrival for the place to open."}
    )
    distance_km = fields.Float(
        required=True, metadata={"description": "Great-circle, from the previous point."}
    )
    lunch = fields.Boolean(required=True)
    hours_stated = fields.Boolean(
        required=True,
        metadata={"description": "false: an outdoor sight or a restaurant under the assumptions."},
    )
    booking_required = fields.Boolean(
        required=True, metadata={"description": "By appointment: book before you go."}
    )
    access = fields.String(required=True, validate=OneOf(ACCESS))
    score = fields.Float(
        required=True, metadata={"description": "What the stop adds to the plan (0 for lunch)."}
    )


class PlanNightSchema(Schema):
    day = fields.Integer(required=True, metadata={"description": "The night after this day."})
    listing = fields.Nested(StopListingSchema, required=True)
    arrival = fields.DateTime(required=True)
    travel_minutes = fields.Integer(required=True)


class PlanSchema(Schema):
    date = fields.Date(required=True)
    days = fields.Integer(required=True)
    start = fields.Nested(HubSchema, required=True)
    window = fields.Dict(required=True, metadata={"description": "{from, to}, every day."})
    themes = fields.List(fields.String(), required=True)
    stops = fields.List(fields.Nested(PlanStopSchema), required=True)
    nights = fields.List(
        fields.Nested(PlanNightSchema),
        required=True,
        metadata={"description": "Where the visitor sleeps between days (empty for one day)."},
    )
    score = fields.Float(
        required=True, metadata={"description": "The sum of the stops' scores: what is maximised."}
    )
    total_travel_minutes = fields.Integer(required=True)
    assumptions = fields.Dict(
        required=True,
        metadata={
            "description": "Travel model (or router), scoring, visit minutes per kind, lunch "
            "window, and the hours assumed where none are stated."
        },
    )
    reason = fields.String(
        allow_none=True, metadata={"description": "Why the plan is empty (translated)."}
    )
    language = fields.String(required=True)
    fallbacks = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        required=True,
        metadata={
            "description": "Texts not in `language` (e.g. stops.0.listing.name), each "
            "with the language it is in."
        },
    )
