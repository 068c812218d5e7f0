"""Reading listings: the public catalogue with its filters, sort orders and paging.

Every query loads a page with a fixed number of statements whatever its size (relationships
are `lazy="raise"`, so a forgotten eager load fails loudly instead of issuing N+1 queries).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from catalog.errors import InvalidRequest, NotFound
from catalog.i18n import Message
from catalog.models import (
    Listing,
    ListingTag,
    ListingTheme,
    ListingTranslation,
    Municipality,
    MunicipalityTranslation,
)
from catalog.permissions import Actor, can_see_unpublished, require_actor

SORTS = ("name", "-name", "updated_at", "-updated_at")
TEXT_FIELDS = ("name", "summary", "description")


@dataclass(frozen=True)
class ListingFilters:
    """Values within one filter are alternatives (any of them); filters combine with AND."""

    themes: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    municipalities: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    complete_in: tuple[str, ...] = ()
    """Languages in which name, summary and description must all exist (no fallback)."""
    statuses: tuple[str, ...] = ("published",)
    """Anything but published needs a signed-in actor, and shows only what it may see."""


@dataclass(frozen=True)
class ListingPage:
    items: list[Listing]
    total: int
    page: int
    limit: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.limit))


def list_listings(
    session: Session,
    filters: ListingFilters,
    *,
    chain: Sequence[str],
    sort: str = "name",
    page: int = 1,
    limit: int = 20,
    actor: Actor | None = None,
) -> ListingPage:
    """One page of listings, texts loaded only in the languages of `chain`."""
    check_municipalities(session, filters.municipalities)
    query = _filtered(select(Listing.id), filters, actor)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    listings = session.scalars(
        _ordered(_filtered(select(Listing), filters, actor), sort, chain)
        .options(*_eager(chain))
        .limit(limit)
        .offset((page - 1) * limit)
    ).all()
    return ListingPage(list(listings), total or 0, page, limit)


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
    key = Listing.id == int(id_or_slug) if id_or_slug.isdigit() else Listing.slug == id_or_slug
    listing = session.scalar(select(Listing).where(key).options(*_eager(chain)))
    if listing is None or (
        listing.status != "published" and not can_see_unpublished(actor, listing.municipality_id)
    ):
        raise NotFound(Message("No published listing has the id or slug %(key)s.", key=id_or_slug))
    return listing


def get_listing_for_edit(session: Session, id_or_slug: str, actor: Actor | None) -> Listing:
    """Any listing, texts in every language, for a signed-in actor (the write checks scope).

    Anonymous callers get 401 before anything is looked up; editors of another town get a
    403 from the write itself, whatever the listing's status.
    """
    require_actor(actor)
    key = Listing.id == int(id_or_slug) if id_or_slug.isdigit() else Listing.slug == id_or_slug
    listing = session.scalar(select(Listing).where(key).options(*_eager(None)))
    if listing is None:
        raise NotFound(Message("No listing has the id or slug %(key)s.", key=id_or_slug))
    return listing


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


def _filtered(query: Select, filters: ListingFilters, actor: Actor | None = None) -> Select:
    query = _visible(query, filters.statuses, actor)
    if filters.kinds:
        query = query.where(Listing.kind.in_(filters.kinds))
    if filters.municipalities:
        query = query.join(Listing.municipality).where(
            Municipality.slug.in_(filters.municipalities)
        )
    if filters.themes:
        query = query.where(
            select(ListingTheme.listing_id)
            .where(ListingTheme.listing_id == Listing.id, ListingTheme.theme.in_(filters.themes))
            .exists()
        )
    if filters.tags:
        query = query.where(
            select(ListingTag.listing_id)
            .where(ListingTag.listing_id == Listing.id, ListingTag.tag.in_(filters.tags))
            .exists()
        )
    for lang in filters.complete_in:
        query = query.where(_complete_in(lang))
    return query


def _complete_in(lang: str):
    text = ListingTranslation
    return (
        select(text.listing_id)
        .where(
            text.listing_id == Listing.id,
            text.lang == lang,
            *(func.coalesce(func.length(getattr(text, name)), 0) > 0 for name in TEXT_FIELDS),
        )
        .exists()
    )


def _ordered(query: Select, sort: str, chain: Sequence[str]) -> Select:
    descending = sort.startswith("-")
    if sort.lstrip("-") == "updated_at":
        key = Listing.updated_at
    else:
        names = []
        for lang in chain:
            text = aliased(ListingTranslation)
            query = query.outerjoin(text, (text.listing_id == Listing.id) & (text.lang == lang))
            names.append(text.name)
        key = func.lower(func.coalesce(*names))
    key = key.desc() if descending else key.asc()
    tie = Listing.id.desc() if descending else Listing.id.asc()
    return query.order_by(key, tie)


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
