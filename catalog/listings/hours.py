"""Opening hours: weekly rules, seasons that replace them, and dated exceptions (Europe/Rome).

The schema is the single definition of the structure: the seed loader validates with it and
the HTTP layer nests it in the listing representation.
"""

import re

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from catalog.validation import Length, OneOf
from catalog.vocabularies import WEEKDAYS

TIMEZONE = "Europe/Rome"
MAX_RANGES = 28  # four ranges a day, every day
MAX_SEASONS = 12
MAX_EXCEPTIONS = 400  # every day of a year, and holidays recurring
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")
_MONTH_DAY = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
_DAY = re.compile(r"^(\d{4}-)?(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")


class TimeRangeSchema(Schema):
    days = fields.List(
        fields.String(validate=OneOf(WEEKDAYS)),
        required=True,
        validate=Length(min=1, max=7),
        metadata={"description": "Days of the week: mon, tue, wed, thu, fri, sat, sun."},
    )
    opens = fields.String(
        required=True, validate=validate.Regexp(_TIME), metadata={"description": "HH:MM, local"}
    )
    closes = fields.String(
        required=True, validate=validate.Regexp(_TIME), metadata={"description": "HH:MM, local"}
    )

    @validates_schema
    def _opens_before_closes(self, data, **kwargs):
        if data.get("opens") and data.get("closes") and data["opens"] >= data["closes"]:
            raise ValidationError("must be later than opens", field_name="closes")


class SeasonSchema(Schema):
    start = fields.String(
        data_key="from",
        required=True,
        validate=validate.Regexp(_MONTH_DAY),
        metadata={"description": "First day of the season, MM-DD."},
    )
    end = fields.String(
        data_key="to",
        required=True,
        validate=validate.Regexp(_MONTH_DAY),
        metadata={"description": "Last day of the season, MM-DD (inclusive)."},
    )
    weekly = fields.List(
        fields.Nested(TimeRangeSchema), required=True, validate=Length(max=MAX_RANGES)
    )


class ExceptionSchema(Schema):
    date = fields.String(
        required=True,
        validate=validate.Regexp(_DAY),
        metadata={"description": "MM-DD recurs every year; YYYY-MM-DD is one day."},
    )
    closed = fields.Boolean(load_default=True)
    opens = fields.String(validate=validate.Regexp(_TIME))
    closes = fields.String(validate=validate.Regexp(_TIME))


class OpeningHoursSchema(Schema):
    as_of = fields.String(
        metadata={"description": "The year (or years) the source of these hours states."}
    )
    by_appointment = fields.Boolean(load_default=False)
    timezone = fields.String(dump_default=TIMEZONE, load_default=TIMEZONE)
    weekly = fields.List(
        fields.Nested(TimeRangeSchema), load_default=list, validate=Length(max=MAX_RANGES)
    )
    seasons = fields.List(
        fields.Nested(SeasonSchema), load_default=list, validate=Length(max=MAX_SEASONS)
    )
    exceptions = fields.List(
        fields.Nested(ExceptionSchema), load_default=list, validate=Length(max=MAX_EXCEPTIONS)
    )
