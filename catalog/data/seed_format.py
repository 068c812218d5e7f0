"""The shape of the seed files (seeds/README.md), checked before anything is written."""

from marshmallow import RAISE, Schema, fields, validate

from catalog.i18n.messages import N_
from catalog.listings.hours import OpeningHoursSchema
from catalog.vocabularies import ACCESS, HIGHLIGHTS, KINDS, PRICE_RANGES, THEMES

SLUG = validate.Regexp(
    r"^[a-z0-9]+(-[a-z0-9]+)*$", error=N_("Use lowercase letters, digits and single hyphens.")
)
# The district with a margin: every seeded point must fall inside it.
DISTRICT_LAT = validate.Range(44.45, 44.70)
DISTRICT_LON = validate.Range(10.60, 10.97)


class StrictSchema(Schema):
    class Meta:
        unknown = RAISE


class TextsSchema(StrictSchema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    summary = fields.String(validate=validate.Length(max=600))
    description = fields.String(validate=validate.Length(max=4000))


class EventTextsSchema(TextsSchema):
    recurrence_note = fields.String(validate=validate.Length(max=600))


def translations_field(required: bool = True, texts: type[Schema] = TextsSchema) -> fields.Dict:
    return fields.Dict(
        keys=fields.String(validate=validate.Length(min=2, max=8)),
        values=fields.Nested(texts),
        required=required,
    )


class TouristOfficeSchema(StrictSchema):
    name = fields.String(required=True)
    address = fields.String()
    phone = fields.String()
    email = fields.Email()
    website = fields.URL()
    lat = fields.Float(validate=DISTRICT_LAT)
    lon = fields.Float(validate=DISTRICT_LON)


class MunicipalitySeedSchema(StrictSchema):
    slug = fields.String(required=True, validate=SLUG)
    istat_code = fields.String(required=True, validate=validate.Regexp(r"^\d{6}$"))
    province = fields.String(required=True, validate=validate.OneOf(["MO", "RE"]))
    lat = fields.Float(required=True, validate=DISTRICT_LAT)
    lon = fields.Float(required=True, validate=DISTRICT_LON)
    population = fields.Integer()
    population_as_of = fields.String()
    tourist_office = fields.Nested(TouristOfficeSchema)
    translations = translations_field()


class LocationSeedSchema(StrictSchema):
    lat = fields.Float(required=True, validate=DISTRICT_LAT)
    lon = fields.Float(required=True, validate=DISTRICT_LON)
    address = fields.String(allow_none=True)
    approximate = fields.Boolean(load_default=False)


class ContactsSeedSchema(StrictSchema):
    website = fields.URL()
    phone = fields.String(validate=validate.Regexp(r"^\+?[0-9 ()./-]{6,25}$"))
    email = fields.Email()


class MediaSeedSchema(StrictSchema):
    url = fields.URL(required=True)
    credit = fields.String()
    licence = fields.String()
    licence_url = fields.URL()
    caption = fields.Dict(keys=fields.String(), values=fields.String(), load_default=dict)


class SourceSeedSchema(StrictSchema):
    name = fields.String(required=True)
    id = fields.String()
    url = fields.URL()
    licence = fields.String()
    attribution = fields.String()


class ListingSeedSchema(StrictSchema):
    slug = fields.String(required=True, validate=SLUG)
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    themes = fields.List(
        fields.String(validate=validate.OneOf(THEMES)), required=True, validate=validate.Length(1)
    )
    location = fields.Nested(LocationSeedSchema, required=True)
    contacts = fields.Nested(ContactsSeedSchema, load_default=dict)
    price_range = fields.String(allow_none=True, validate=validate.OneOf(PRICE_RANGES))
    access = fields.String(load_default="open", validate=validate.OneOf(ACCESS))
    highlight = fields.Integer(load_default=0, validate=validate.OneOf(HIGHLIGHTS))
    tags = fields.List(fields.String(validate=SLUG), load_default=list)
    opening_hours = fields.Nested(OpeningHoursSchema, allow_none=True)
    media = fields.List(fields.Nested(MediaSeedSchema), load_default=list)
    source = fields.Nested(SourceSeedSchema, allow_none=True)
    translations = translations_field()


class ExtraTranslationsSchema(StrictSchema):
    """seeds/translations/<lang>.yaml: texts in one more language, keyed by slug."""

    municipalities = fields.Dict(
        keys=fields.String(), values=fields.Nested(TextsSchema), load_default=dict
    )
    listings = fields.Dict(
        keys=fields.String(), values=fields.Nested(TextsSchema), load_default=dict
    )
    events = fields.Dict(
        keys=fields.String(), values=fields.Nested(EventTextsSchema), load_default=dict
    )


class EventSeedSchema(StrictSchema):
    slug = fields.String(required=True, validate=SLUG)
    municipality = fields.String(required=True, validate=SLUG)
    listing = fields.String(validate=SLUG)
    location = fields.Nested(LocationSeedSchema)
    themes = fields.List(fields.String(validate=validate.OneOf(THEMES)), load_default=list)
    start = fields.Date(required=True)
    end = fields.Date(required=True)
    recurrence = fields.String(validate=validate.Regexp(r"^FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY)"))
    source = fields.String()
    translations = translations_field(texts=EventTextsSchema)


AUDIENCES = (
    "families", "business_travellers", "food_lovers", "motor_fans", "culture_lovers",
    "nature_lovers",
)  # fmt: skip


class PackageTextsSchema(TextsSchema):
    includes = fields.String(validate=validate.Length(max=1000))


class CampaignTextsSchema(TextsSchema):
    getting_there = fields.String(validate=validate.Length(max=2000))


class SeasonSeedSchema(StrictSchema):
    start = fields.String(data_key="from", required=True, validate=validate.Regexp(r"^\d\d-\d\d$"))
    end = fields.String(data_key="to", required=True, validate=validate.Regexp(r"^\d\d-\d\d$"))


class PackageSeedSchema(StrictSchema):
    slug = fields.String(required=True, validate=SLUG)
    stops = fields.List(
        fields.String(validate=SLUG), required=True, validate=validate.Length(2, 12)
    )
    duration_hours = fields.Float(validate=validate.Range(0.5, 24))
    duration_days = fields.Integer(validate=validate.Range(1, 14))
    price_from = fields.Float(allow_none=True, validate=validate.Range(0, 10_000))
    audience = fields.List(fields.String(validate=validate.OneOf(AUDIENCES)), load_default=list)
    season = fields.Nested(SeasonSeedSchema, allow_none=True)
    translations = fields.Dict(
        keys=fields.String(validate=validate.Length(min=2, max=8)),
        values=fields.Nested(PackageTextsSchema),
        required=True,
    )


class HubSeedSchema(StrictSchema):
    name = fields.String(required=True)
    lat = fields.Float(required=True, validate=validate.Range(-90, 90))
    lon = fields.Float(required=True, validate=validate.Range(-180, 180))


class CampaignSeedSchema(StrictSchema):
    slug = fields.String(required=True, validate=SLUG)
    start = fields.Date(required=True)
    end = fields.Date(required=True)
    hub = fields.Nested(HubSeedSchema, allow_none=True)
    featured_listings = fields.List(fields.String(validate=SLUG), load_default=list)
    featured_packages = fields.List(fields.String(validate=SLUG), load_default=list)
    translations = fields.Dict(
        keys=fields.String(validate=validate.Length(min=2, max=8)),
        values=fields.Nested(CampaignTextsSchema),
        required=True,
    )
