"""Query-string values with a shape of their own: points, boxes, local date-times."""

from datetime import date, datetime

from marshmallow import ValidationError, fields

from catalog.geo import BoundingBox, Point
from catalog.i18n.messages import N_, Message
from catalog.listings.opening import ROME

COORDINATES = N_("Give latitude,longitude in decimal degrees, e.g. 44.5297,10.8614.")
BOX = N_("Give minLon,minLat,maxLon,maxLat in decimal degrees, with min below max.")
DATETIME = N_("Give an ISO 8601 date-time, e.g. 2015-06-10T10:00 (Europe/Rome) or with an offset.")
YEARS_RANGE = N_("Use a year from %(min)s to %(max)s.")
YEARS = (1900, 2999)
"""Any day the catalogue can mean, and far enough from datetime's own limits that moving a
moment between time zones or looking a year ahead (openings, event windows) cannot overflow."""


def _numbers(value: str, count: int, message: str) -> list[float]:
    parts = str(value).split(",")
    try:
        numbers = [float(part) for part in parts]
    except ValueError as error:
        raise ValidationError([Message(message)]) from error
    if len(numbers) != count or any(n != n or n in (float("inf"), float("-inf")) for n in numbers):
        raise ValidationError([Message(message)])
    return numbers


def _valid(lat: float, lon: float) -> bool:
    return -90 <= lat <= 90 and -180 <= lon <= 180


class PointField(fields.Field):
    """`lat,lon`"""

    def _deserialize(self, value, attr, data, **kwargs) -> Point:
        lat, lon = _numbers(value, 2, COORDINATES)
        if not _valid(lat, lon):
            raise ValidationError([Message(COORDINATES)])
        return Point(lat, lon)


class BoxField(fields.Field):
    """`minLon,minLat,maxLon,maxLat`, as in GeoJSON and most map libraries."""

    def _deserialize(self, value, attr, data, **kwargs) -> BoundingBox:
        min_lon, min_lat, max_lon, max_lat = _numbers(value, 4, BOX)
        if not (_valid(min_lat, min_lon) and _valid(max_lat, max_lon)):
            raise ValidationError([Message(BOX)])
        if min_lon > max_lon or min_lat > max_lat:
            raise ValidationError([Message(BOX)])
        return BoundingBox(min_lon, min_lat, max_lon, max_lat)


def rome_moment(value: str) -> datetime:
    """ISO 8601, aware (Europe/Rome without an offset), in YEARS; a ValidationError if not."""
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as error:
        raise ValidationError([Message(DATETIME)]) from error
    _in_years(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=ROME)


def _in_years(day: date) -> None:
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise ValidationError([Message(YEARS_RANGE, min=YEARS[0], max=YEARS[1])])


class BoundedDate(fields.Date):
    """YYYY-MM-DD in YEARS."""

    def _deserialize(self, value, attr, data, **kwargs) -> date:
        day = super()._deserialize(value, attr, data, **kwargs)
        _in_years(day)
        return day


class RomeDateTime(fields.Field):
    """ISO 8601; without an offset it is local time in the district (Europe/Rome)."""

    def _deserialize(self, value, attr, data, **kwargs) -> datetime:
        return rome_moment(value)


class LocalTime(fields.Time):
    """HH:MM[:SS] in the district's local time: an offset (09:00+01:00) is refused, since a
    time of day without a date has no offset to convert (and cannot be compared with one)."""

    def _deserialize(self, value, attr, data, **kwargs):
        moment = super()._deserialize(value, attr, data, **kwargs)
        if moment.tzinfo is not None:
            raise self.make_error("invalid", input=value, obj_type=self.OBJ_TYPE)
        return moment
