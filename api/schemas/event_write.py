"""What editors send for an event."""

from marshmallow import fields

from api.schemas.editable_write import EditableWriteSchema, TextsWriteSchema, translations_field
from api.schemas.listing_write import LocationWriteSchema
from api.schemas.query_fields import BoundedDate
from catalog.data.seed_format import SLUG
from catalog.validation import Length, OneOf
from catalog.vocabularies import THEMES


class EventTextsWriteSchema(TextsWriteSchema):
    recurrence_note = fields.String(
        allow_none=True,
        validate=Length(max=600),
        metadata={"description": "The repetition in words, e.g. what the rule cannot say."},
    )


class EventWriteSchema(EditableWriteSchema):
    municipality = fields.String(required=True, metadata={"description": "A municipality slug."})
    listing = fields.String(
        allow_none=True, validate=SLUG, metadata={"description": "Where it happens, if listed."}
    )
    location = fields.Nested(LocationWriteSchema, required=True)
    themes = fields.List(fields.String(validate=OneOf(THEMES)), load_default=list)
    start = BoundedDate(required=True, metadata={"description": "First (or only) day."})
    end = BoundedDate(required=True, metadata={"description": "Last day of that occurrence."})
    recurrence = fields.String(
        allow_none=True,
        validate=Length(max=300),
        metadata={"description": "An RFC 5545 RRULE, e.g. FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=8."},
    )
    translations = translations_field(EventTextsWriteSchema)


class EventCreateSchema(EventWriteSchema):
    slug = fields.String(required=True, validate=[Length(min=1, max=120), SLUG])
