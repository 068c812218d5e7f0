"""The office's table of listings: filters, search, worklists and paging over the whole
catalogue, one indexed, paged statement for the rows and one for the count, whatever the size.

What a row shows comes from its own columns and two joins (the name in the reader's language
and in Italian), never from a statement per row. Rows are in the order of the folded names
(`listing_names`, written with every change), so a page walks an index instead of sorting the
catalogue. A search (the API's full-text search) narrows the rows and keeps that order: ranking
every match, as `sort=relevance` does, costs more than the page itself when a word matches
thousands of listings.

An editor sees the listings of the towns the office covers in every status, and the published
listings of the other towns (read-only: `Row.editable` is false). Other towns' drafts and
deleted listings are never shown, nor counted.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from catalog.access.permissions import Actor
from catalog.errors import InvalidRequest
from catalog.i18n.languages import SOURCE_LANGUAGE
from catalog.i18n.messages import Message
from catalog.listings import search, worklists
from catalog.listings.search import DEFAULT_POLICY
from catalog.listings.worklists import Basis, covered
from catalog.models import Listing, ListingName, ListingTheme, ListingTranslation
from catalog.models.base import MAX_INTEGER
from catalog.paging import Page
from catalog.vocabularies import KINDS, STATUSES, THEMES

PAGE_SIZE = 50
SHOWN_STATUSES = ("published", "draft", "archived")
"""Every status (catalog/vocabularies.py STATUSES), in the order the office shows them."""


@dataclass(frozen=True)
class TableFilters:
    """Each filter is one value or None (any); filters combine with AND."""

    text: str | None = None
    municipality_id: int | None = None
    kind: str | None = None
    theme: str | None = None
    status: str | None = None
    worklist: str | None = None


@dataclass(frozen=True)
class Row:
    id: int
    slug: str
    name: str | None
    """In the reader's language, else in Italian."""
    municipality_id: int
    kind: str
    status: str
    updated_at: datetime
    editable: bool
    """The reader's office covers its town; otherwise it is another town's published listing."""


def visible(actor: Actor) -> ColumnElement[bool]:
    """SQL: what the actor may see in the office (`can_see_unpublished`, as a condition)."""
    return or_(Listing.status == "published", covered(actor))


def check(filters: TableFilters) -> None:
    """Unknown codes are the reader's mistake, said per filter (never silently dropped)."""
    errors = {
        name: [Message("Invalid value.")]
        for name, value, known in (
            ("kind", filters.kind, KINDS),
            ("theme", filters.theme, THEMES),
            ("status", filters.status, STATUSES),
            ("worklist", filters.worklist, worklists.BY_CODE),
        )
        if value is not None and value not in known
    }
    if errors:
        raise InvalidRequest(errors)


def table_page(
    session: Session,
    actor: Actor,
    filters: TableFilters,
    *,
    lang: str,
    basis: Basis,
    page: int = 1,
    limit: int = PAGE_SIZE,
) -> Page:
    """One page of rows and the total: two statements."""
    if page < 1 or (page - 1) * limit > MAX_INTEGER:
        raise InvalidRequest({"page": [Message("Invalid value.")]})
    check(filters)
    matches = _matches(session, filters)
    counted = _filtered(select(func.count()).select_from(Listing), actor, filters, basis, matches)
    total = session.scalar(counted) or 0
    items = _rows(session, actor, filters, lang, basis, matches, limit, (page - 1) * limit)
    return Page(items, total, page, limit)


def first_rows(
    session: Session, actor: Actor, filters: TableFilters, *, lang: str, basis: Basis, limit: int
) -> list[Row]:
    """The first rows of the table so filtered (a dashboard's entries): one statement."""
    check(filters)
    return _rows(session, actor, filters, lang, basis, _matches(session, filters), limit, 0)


def status_counts(session: Session, actor: Actor) -> dict[str, int]:
    """{status: listings} in the towns the actor covers, every status present (published
    first: what the public sees, then what is being prepared, then what was deleted)."""
    query = select(Listing.status, func.count()).where(covered(actor)).group_by(Listing.status)
    found = dict(session.execute(query).all())
    return {status: found.get(status, 0) for status in SHOWN_STATUSES}


def _matches(session: Session, filters: TableFilters):
    return search.ranked_matches(session, filters.text) if filters.text else None


def _filtered(query: Select, actor: Actor, filters: TableFilters, basis: Basis, matches):
    query = query.where(visible(actor))
    if matches is not None:
        query = query.join(matches, matches.c.listing_id == Listing.id)
    if filters.municipality_id is not None:
        query = query.where(Listing.municipality_id == filters.municipality_id)
    if filters.kind:
        query = query.where(Listing.kind == filters.kind)
    if filters.status:
        query = query.where(Listing.status == filters.status)
    if filters.theme:
        query = query.where(
            select(ListingTheme.listing_id)
            .where(ListingTheme.listing_id == Listing.id, ListingTheme.theme == filters.theme)
            .exists()
        )
    if filters.worklist:
        query = query.where(worklists.get(filters.worklist).where(actor, basis))
    return query


def _rows(session, actor, filters, lang, basis, matches, limit: int, offset: int) -> list[Row]:
    sort_lang = lang if lang in DEFAULT_POLICY.supported else SOURCE_LANGUAGE
    shown = aliased(ListingTranslation)
    source = aliased(ListingTranslation)
    name = func.coalesce(shown.name, source.name) if lang != SOURCE_LANGUAGE else shown.name
    query = (
        select(
            Listing.id,
            Listing.slug,
            name.label("name"),
            Listing.municipality_id,
            Listing.kind,
            Listing.status,
            Listing.updated_at,
        )
        .join(ListingName, (ListingName.listing_id == Listing.id) & (ListingName.lang == sort_lang))
        .outerjoin(shown, (shown.listing_id == Listing.id) & (shown.lang == lang))
    )
    if lang != SOURCE_LANGUAGE:
        query = query.outerjoin(
            source, (source.listing_id == Listing.id) & (source.lang == SOURCE_LANGUAGE)
        )
    query = _filtered(query, actor, filters, basis, matches)
    query = query.order_by(ListingName.key, ListingName.listing_id).limit(limit).offset(offset)
    return [
        Row(**row._mapping, editable=actor.covers(row.municipality_id))
        for row in session.execute(query)
    ]
