"""Reading listings: filters, search, geography, opening hours, sort orders and paging.

Every page is loaded with a fixed number of statements whatever its size (relationships are
`lazy="raise"`, so a forgotten eager load fails loudly instead of issuing N+1 queries).
"""

import base64
import re
from collections.abc import Callable, MutableMapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from catalog.access.permissions import Actor, can_see_unpublished, require_actor
from catalog.errors import InvalidRequest, NotFound
from catalog.geo import BoundingBox, Point, box_around, haversine_km, squared_distance_expression
from catalog.i18n.completeness import complete_in
from catalog.i18n.messages import Message
from catalog.listings import search
from catalog.listings.opening import is_open
from catalog.listings.search import DEFAULT_POLICY
from catalog.models import (
    CampaignFeature,
    Listing,
    ListingDocument,
    ListingName,
    ListingTag,
    ListingTheme,
    ListingTranslation,
    Municipality,
    MunicipalityTranslation,
)
from catalog.models.base import MAX_INTEGER
from catalog.paging import Page

SORTS = ("name", "-name", "updated_at", "-updated_at", "relevance", "distance")


@dataclass(frozen=True)
class Near:
    origin: Point
    radius_km: float


@dataclass(frozen=True)
class ListingFilters:
    """Values within one filter are alternatives (any of them); filters combine with AND."""

    themes: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    access: tuple[str, ...] = ()
    highlight_min: int = 0
    """Only places at least this important (0: all)."""
    municipalities: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    complete_in: tuple[str, ...] = ()
    """Languages in which name, summary and description must all exist (no fallback)."""
    statuses: tuple[str, ...] = ("published",)
    """Anything but published needs a signed-in actor, and shows only what it may see."""
    text: str | None = None
    near: Near | None = None
    bbox: BoundingBox | None = None
    open_at: datetime | None = None
    updated_since: datetime | None = None
    campaign_id: int | None = None
    """Only the listings a campaign features."""


@dataclass(frozen=True)
class Cursor:
    """Where a sync walk (sorted by updated_at, then id) stopped."""

    updated_at: datetime
    id: int

    def encode(self) -> str:
        raw = f"{self.updated_at.isoformat()}|{self.id}".encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, value: str) -> "Cursor":
        """Only what `encode` writes: an aware moment and an id in range; anything else (a
        naive or out-of-range moment, a huge id) is a client's 400, not a failed bind."""
        try:
            raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
            stamp, ident = raw.split("|")
            moment, number = datetime.fromisoformat(stamp), int(ident)
            if moment.tzinfo is None or not 0 <= number <= MAX_INTEGER:
                raise ValueError(raw)
            return cls(moment.astimezone(UTC), number)
        except (ValueError, OverflowError) as error:
            raise InvalidRequest({"cursor": [Message("Invalid value.")]}) from error


@dataclass(frozen=True)
class ListingPage(Page):
    distances: dict[int, float] = field(default_factory=dict)
    next_cursor: str | None = None


def default_sort(filters: ListingFilters) -> str:
    if filters.text:
        return "relevance"
    if filters.near:
        return "distance"
    return "name"


def list_listings(
    session: Session,
    filters: ListingFilters,
    *,
    chain: Sequence[str],
    sort: str | None = None,
    page: int = 1,
    limit: int = 20,
    cursor: Cursor | None = None,
    actor: Actor | None = None,
) -> ListingPage:
    """One page of listings, texts loaded only in the languages of `chain`."""
    rows = Rows(select(Listing), session.scalars, _eager(chain))
    return _page(session, rows, filters, chain, sort, page, limit, cursor, actor)


def list_documents(
    session: Session,
    filters: ListingFilters,
    *,
    language: str,
    chain: Sequence[str],
    sort: str | None = None,
    page: int = 1,
    limit: int = 20,
    cursor: Cursor | None = None,
    actor: Actor | None = None,
    totals: MutableMapping | None = None,
) -> ListingPage:
    """The same page as `list_listings`, as rows of ready documents (the read model) in
    `language` ("*" for every language): the total, the page's ids, their documents. The
    ordering and the offset walk narrow rows; only the page's own documents are read (a deep
    page or a sort by distance never carries thousands of documents). `totals` remembers
    the total of each filter for the caller (valid while the catalogue does not change)."""
    ids = select(Listing.id, Listing.lat, Listing.lon)
    rows = Rows(ids, _with_documents(session, language), ())
    return _page(session, rows, filters, chain, sort, page, limit, cursor, actor, totals)


DOCUMENT_COLUMNS = (
    Listing.id,
    Listing.lat,
    Listing.lon,
    Listing.updated_at,
    Listing.opening_hours,
    ListingDocument.body,
    ListingDocument.extras_at,
)


def _with_documents(session: Session, language: str) -> Callable:
    def fetch(query: Select) -> list:
        page = session.execute(query).all()
        found = session.execute(
            select(*DOCUMENT_COLUMNS)
            .join(ListingDocument, ListingDocument.listing_id == Listing.id)
            .where(Listing.id.in_([row.id for row in page]), ListingDocument.lang == language)
        )
        by_id = {row.id: row for row in found}
        return [by_id[row.id] for row in page]

    return fetch


def published_document(session: Session, id_or_slug: str, language: str):
    """A published listing's ready document (body, extras_at, version, opening_hours), or
    None when there is none (unpublished, unknown or not yet in the read model)."""
    return session.execute(
        select(
            ListingDocument.body,
            ListingDocument.extras_at,
            Listing.version,
            Listing.opening_hours,
        )
        .join(ListingDocument, ListingDocument.listing_id == Listing.id)
        .where(
            by_id_or_slug(Listing, id_or_slug),
            Listing.status == "published",
            ListingDocument.lang == language,
        )
    ).one_or_none()


@dataclass(frozen=True)
class Rows:
    """What a page is made of: ORM listings, or plain rows of the read model."""

    query: Select
    fetch: Callable
    options: tuple


def _page(
    session, rows: Rows, filters, chain, sort, page, limit, cursor, actor, totals=None
) -> ListingPage:
    sort = sort or default_sort(filters)
    _check_sort(sort, filters, cursor)
    check_municipalities(session, filters.municipalities)
    matches = search.ranked_matches(session, filters.text) if filters.text else None
    total = totals.get(filters) if totals is not None else None
    if total is None:
        base = _filtered(session, select(Listing.id), filters, actor, matches)
        total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
        if totals is not None:
            totals[filters] = total
    query = _filtered(session, rows.query, filters, actor, matches)
    if cursor is not None:
        query = query.where(
            or_(
                Listing.updated_at > cursor.updated_at,
                and_(Listing.updated_at == cursor.updated_at, Listing.id > cursor.id),
            )
        )
    offset = 0 if cursor is not None else (page - 1) * limit
    query = _ordered(query, sort, chain, matches, filters.near).options(*rows.options)
    # A keyset walk reads one more row, so the last page says it is the last (no next_cursor).
    keyset = sort == "updated_at"
    items = list(rows.fetch(query.limit(limit + 1 if keyset else limit).offset(offset)))
    more = len(items) > limit
    items = items[:limit]
    distances = (
        {item.id: haversine_km(filters.near.origin, Point(item.lat, item.lon)) for item in items}
        if filters.near
        else {}
    )
    next_cursor = Cursor(items[-1].updated_at, items[-1].id).encode() if keyset and more else None
    return ListingPage(items, total, page, limit, distances, next_cursor)


def get_listing(
    session: Session,
    id_or_slug: str,
    *,
    chain: Sequence[str] | None = None,
    actor: Actor | None = None,
) -> Listing:
    """A published listing, or an unpublished one its office (or an admin) may see.

    `chain=None` loads the texts of every language, as writes need.
    """
    listing = session.scalar(
        select(Listing).where(by_id_or_slug(Listing, id_or_slug)).options(*_eager(chain))
    )
    if listing is None or (
        listing.status != "published" and not can_see_unpublished(actor, listing.municipality_id)
    ):
        raise NotFound(Message("No published listing has the id or slug %(key)s.", key=id_or_slug))
    return listing


def check_municipalities(session: Session, slugs: tuple[str, ...]) -> None:
    if not slugs:
        return
    known = set(session.scalars(select(Municipality.slug).where(Municipality.slug.in_(slugs))))
    unknown = [slug for slug in slugs if slug not in known]
    if unknown:
        raise InvalidRequest(
            {
                "municipality": [
                    Message("Unknown municipality: %(value)s.", value=", ".join(unknown))
                ]
            }
        )


_ID = re.compile(r"[0-9]{1,10}")


def by_id_or_slug(model, key: str):
    """ASCII digits within the Integer range are an id; anything else is a slug. So "²"
    (str.isdigit() but not int()) or an id no column can hold simply matches nothing: 404."""
    if _ID.fullmatch(key) and int(key) <= MAX_INTEGER:
        return model.id == int(key)
    return model.slug == key


def _check_sort(sort: str, filters: ListingFilters, cursor: Cursor | None) -> None:
    if sort == "relevance" and not filters.text:
        raise InvalidRequest({"sort": [Message("Sorting by relevance needs q.")]})
    if sort == "distance" and not filters.near:
        raise InvalidRequest({"sort": [Message("Sorting by distance needs near.")]})
    if cursor is not None and sort != "updated_at":
        raise InvalidRequest({"cursor": [Message("A cursor walks sort=updated_at only.")]})


def _filtered(session, query: Select, filters: ListingFilters, actor, matches) -> Select:
    query = _visible(query, filters.statuses, actor)
    if matches is not None:
        query = query.join(matches, matches.c.listing_id == Listing.id)
    if filters.kinds:
        query = query.where(Listing.kind.in_(filters.kinds))
    if filters.access:
        query = query.where(Listing.access.in_(filters.access))
    if filters.highlight_min:
        query = query.where(Listing.highlight >= filters.highlight_min)
    if filters.municipalities:
        query = query.join(Listing.municipality).where(
            Municipality.slug.in_(filters.municipalities)
        )
    if filters.themes:
        query = query.where(_has(ListingTheme, ListingTheme.theme, filters.themes))
    if filters.tags:
        query = query.where(_has(ListingTag, ListingTag.tag, filters.tags))
    for lang in filters.complete_in:
        query = query.where(complete_in(lang))
    if filters.campaign_id is not None:
        query = query.where(
            select(CampaignFeature.id)
            .where(
                CampaignFeature.campaign_id == filters.campaign_id,
                CampaignFeature.listing_id == Listing.id,
            )
            .exists()
        )
    if filters.updated_since:
        query = query.where(Listing.updated_at >= filters.updated_since)
    if filters.bbox:
        query = query.where(*_inside(filters.bbox))
    if filters.near:
        query = _within(query, filters.near)
    if filters.open_at:
        query = query.where(Listing.id.in_(_open_ids(session, query, filters.open_at)))
    return query


def _visible(query: Select, statuses: tuple[str, ...], actor: Actor | None) -> Select:
    if statuses == ("published",):
        return query.where(Listing.status == "published")
    actor = require_actor(actor)
    query = query.where(Listing.status.in_(statuses))
    if actor.is_admin:
        return query
    return query.where(
        or_(Listing.status == "published", Listing.municipality_id.in_(actor.municipality_ids))
    )


def _has(model, column, values):
    return (
        select(model.listing_id).where(model.listing_id == Listing.id, column.in_(values)).exists()
    )


def _inside(box: BoundingBox) -> tuple:
    return (
        Listing.lat.between(box.min_lat, box.max_lat),
        Listing.lon.between(box.min_lon, box.max_lon),
    )


def _within(query: Select, near: Near) -> Select:
    distance = squared_distance_expression(Listing.lat, Listing.lon, near.origin)
    return query.where(*_inside(box_around(near.origin, near.radius_km))).where(
        distance <= near.radius_km**2
    )


def _open_ids(session: Session, query: Select, moment: datetime) -> list[int]:
    """Opening hours are rules, not columns: evaluate them on the candidates' hours only."""
    candidates = query.with_only_columns(Listing.id, Listing.opening_hours).order_by(None)
    return [row.id for row in session.execute(candidates) if is_open(row.opening_hours, moment)]


def _ordered(query: Select, sort: str, chain: Sequence[str], matches, near: Near | None) -> Select:
    descending = sort.startswith("-")
    name = sort.lstrip("-")
    tie_column = Listing.id
    if name == "updated_at":
        key = Listing.updated_at
    elif name == "relevance":
        key = matches.c.rank
    elif name == "distance":
        key = squared_distance_expression(Listing.lat, Listing.lon, near.origin)
    elif chain[0] in DEFAULT_POLICY.supported:
        # Every listing has a folded name per supported language (written with each change):
        # the index (lang, key, listing_id) gives the order, no sort of the whole catalogue.
        query = query.join(
            ListingName, (ListingName.listing_id == Listing.id) & (ListingName.lang == chain[0])
        )
        key, tie_column = ListingName.key, ListingName.listing_id
    else:
        names = []
        for lang in chain:
            text = aliased(ListingTranslation)
            query = query.outerjoin(text, (text.listing_id == Listing.id) & (text.lang == lang))
            names.append(text.name)
        key = func.lower(func.coalesce(*names))
    key = key.desc() if descending else key.asc()
    tie = tie_column.desc() if descending else tie_column.asc()
    return query.order_by(key, tie)


def load_presentable(session: Session, ids: list[int], chain: Sequence[str]) -> list[Listing]:
    """Load (into the session) what presenting these listings needs, in a few statements."""
    if not ids:
        return []
    return list(session.scalars(select(Listing).where(Listing.id.in_(ids)).options(*_eager(chain))))


def eager_options(chain: Sequence[str] | None) -> tuple:
    """What presenting a listing needs, loaded in a fixed number of statements."""
    return _eager(chain)


def _eager(chain: Sequence[str] | None) -> tuple:
    if chain is None:
        town_texts, texts = Municipality.translations, Listing.translations
    else:
        langs = tuple(chain)
        town_texts = Municipality.translations.and_(MunicipalityTranslation.lang.in_(langs))
        texts = Listing.translations.and_(ListingTranslation.lang.in_(langs))
    return (
        joinedload(Listing.municipality).selectinload(town_texts),
        selectinload(texts),
        selectinload(Listing.themes),
        selectinload(Listing.tags),
        selectinload(Listing.media),
    )
