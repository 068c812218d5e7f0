"""Reading the district's towns, with how many published listings each one has."""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from catalog.errors import NotFound
from catalog.i18n.messages import Message
from catalog.models import Listing, Municipality, MunicipalityTranslation


@dataclass(frozen=True)
class TownView:
    municipality: Municipality
    listing_count: int


def list_municipalities(session: Session, *, chain: Sequence[str]) -> list[TownView]:
    counts = _published_counts(session)
    towns = session.scalars(
        select(Municipality).order_by(Municipality.slug).options(_texts(chain))
    ).all()
    return [TownView(town, counts.get(town.id, 0)) for town in towns]


def get_municipality(session: Session, slug: str, *, chain: Sequence[str]) -> TownView:
    town = session.scalar(
        select(Municipality).where(Municipality.slug == slug).options(_texts(chain))
    )
    if town is None:
        raise NotFound(Message("No municipality has the slug %(key)s.", key=slug))
    return TownView(town, _published_counts(session, town.id).get(town.id, 0))


def _texts(chain: Sequence[str]):
    return selectinload(
        Municipality.translations.and_(MunicipalityTranslation.lang.in_(tuple(chain)))
    )


def _published_counts(session: Session, municipality_id: int | None = None) -> dict[int, int]:
    query = (
        select(Listing.municipality_id, func.count())
        .where(Listing.status == "published")
        .group_by(Listing.municipality_id)
    )
    if municipality_id is not None:
        query = query.where(Listing.municipality_id == municipality_id)
    return dict(session.execute(query).all())


@dataclass(frozen=True)
class TownName:
    id: int
    slug: str
    name: str


def town_names(session: Session, *, chain: Sequence[str]) -> list[TownName]:
    """Every town with its name in the first language of `chain` that has one, by name: one
    statement (for pickers and tables, where the full towns are not needed)."""
    rows = session.execute(
        select(
            Municipality.id,
            Municipality.slug,
            MunicipalityTranslation.lang,
            MunicipalityTranslation.name,
        ).outerjoin(
            MunicipalityTranslation,
            (MunicipalityTranslation.municipality_id == Municipality.id)
            & MunicipalityTranslation.lang.in_(tuple(chain)),
        )
    ).all()
    names: dict[int, dict[str, str]] = {}
    slugs: dict[int, str] = {}
    for town_id, slug, lang, name in rows:
        slugs[town_id] = slug
        if lang is not None:
            names.setdefault(town_id, {})[lang] = name
    towns = [
        TownName(town_id, slug, _first(names.get(town_id, {}), chain) or slug)
        for town_id, slug in slugs.items()
    ]
    return sorted(towns, key=lambda town: (town.name.casefold(), town.slug))


def _first(names: dict[str, str], chain: Sequence[str]) -> str | None:
    return next((names[code] for code in chain if names.get(code)), None)
