"""The worklists that make the data better: each one a named condition on listings, declared
here once, and used alike for the dashboard's counts and first entries and for the listings
table's `worklist=` filter, so the count a dashboard shows is the number of rows its "see all"
finds.

Each worklist names the section of the listing editor that fixes it (an anchor of the editor
page). A worklist holds only the listings its reader can fix: those of the towns the actor
covers (every town for admins). Deleted (archived) listings are on no worklist.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from dateutil.relativedelta import relativedelta
from sqlalchemy import ColumnElement, and_, case, false, func, not_, or_, select, true
from sqlalchemy.orm import Session

from catalog.access.permissions import Actor
from catalog.errors import InvalidRequest
from catalog.i18n.completeness import recorded_complete_in_all
from catalog.i18n.messages import Message
from catalog.models import Listing, ListingMedia

STALE_AFTER = relativedelta(years=1)
HOURS_RULES = ("weekly", "seasons", "exceptions")
"""The parts of opening hours that state when a place is open (catalog/listings/hours.py)."""


@dataclass(frozen=True)
class Basis:
    """What the conditions depend on besides the listing: the supported languages (a setting)
    and the present moment (passed in, so that tests can move it)."""

    languages: tuple[str, ...]
    now: datetime

    @classmethod
    def of(cls, languages: Sequence[str], now: datetime | None = None) -> "Basis":
        return cls(tuple(languages), now or datetime.now(UTC))


@dataclass(frozen=True)
class Worklist:
    code: str
    section: str
    """The anchor of the editor's section where the listing is fixed."""
    condition: Callable[[Basis], ColumnElement[bool]]

    def where(self, actor: Actor, basis: Basis) -> ColumnElement[bool]:
        """SQL: the listing is on this worklist, for this actor."""
        return and_(covered(actor), Listing.status != "archived", self.condition(basis))


def _no_hours(basis: Basis) -> ColumnElement[bool]:
    """No opening hours at all: none stored (SQL or JSON null), or hours that say nothing,
    with no weekly rule, season or exception and not "by appointment"."""
    hours = Listing.opening_hours
    rules = [func.coalesce(func.json_array_length(hours[part]), 0) == 0 for part in HOURS_RULES]
    by_appointment = func.coalesce(hours["by_appointment"].as_boolean(), false())
    return or_(hours.is_(None), and_(not_(by_appointment), *rules))


def _approximate(basis: Basis) -> ColumnElement[bool]:
    return Listing.location_approximate.is_(True)


def _missing_language(basis: Basis) -> ColumnElement[bool]:
    """Published, and not complete (catalog/i18n/completeness.py) in every supported language:
    what the translation status counts as missing (read from the derived column)."""
    return and_(Listing.status == "published", not_(recorded_complete_in_all(basis.languages)))


def _missing(column) -> ColumnElement[bool]:
    return func.coalesce(func.length(column), 0) == 0


def _media_credit(basis: Basis) -> ColumnElement[bool]:
    return (
        select(ListingMedia.id)
        .where(
            ListingMedia.listing_id == Listing.id,
            or_(_missing(ListingMedia.credit), _missing(ListingMedia.licence)),
        )
        .exists()
    )


def _stale(basis: Basis) -> ColumnElement[bool]:
    return Listing.updated_at < basis.now - STALE_AFTER


WORKLISTS: tuple[Worklist, ...] = (
    Worklist("no_hours", "section-hours", _no_hours),
    Worklist("approximate", "section-location", _approximate),
    Worklist("missing_language", "section-texts", _missing_language),
    Worklist("media_credit", "section-media", _media_credit),
    Worklist("stale", "section-general", _stale),
)
BY_CODE: dict[str, Worklist] = {worklist.code: worklist for worklist in WORKLISTS}


def get(code: str) -> Worklist:
    try:
        return BY_CODE[code]
    except KeyError:
        raise InvalidRequest({"worklist": [Message("Invalid value.")]}) from None


def covered(actor: Actor) -> ColumnElement[bool]:
    """SQL: the listing is in a town the actor covers (`Actor.covers`, every town for admins)."""
    if actor.is_admin:
        return true()
    return Listing.municipality_id.in_(sorted(actor.municipality_ids))


def counts(session: Session, actor: Actor, basis: Basis) -> dict[str, int]:
    """{code: how many listings are on it}, every worklist in one statement."""
    columns = [
        func.coalesce(func.sum(case((worklist.where(actor, basis), 1), else_=0)), 0)
        for worklist in WORKLISTS
    ]
    row = session.execute(select(*columns).select_from(Listing).where(covered(actor))).one()
    return {worklist.code: int(value) for worklist, value in zip(WORKLISTS, row, strict=True)}
