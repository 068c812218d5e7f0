"""Reading packages: ordered stops resolved in the request language, with distances."""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from catalog.access.permissions import Actor
from catalog.errors import NotFound
from catalog.geo import Point, haversine_km
from catalog.i18n.messages import Message
from catalog.models import (
    CampaignFeature,
    Listing,
    ListingTranslation,
    Municipality,
    MunicipalityTranslation,
    Package,
    PackageStop,
    PackageTranslation,
)


@dataclass(frozen=True)
class PackageView:
    package: Package
    stops: list[PackageStop]
    """The stops shown: to the public only published places, to its editors all of them."""
    legs_km: list[float | None]
    """Distance from the previous stop (None for the first)."""
    left_outside: int = 0
    """Stops left out because they can only be seen from outside (not asked for)."""
    only_outside: bool = False
    """Every place of the package can only be seen from outside."""

    @property
    def total_km(self) -> float:
        return sum(leg for leg in self.legs_km if leg)

    @property
    def themes(self) -> list[str]:
        return sorted({row.theme for stop in self.stops for row in stop.listing.themes})

    @property
    def municipalities(self) -> list[Municipality]:
        seen: dict[int, Municipality] = {}
        for stop in self.stops:
            seen.setdefault(stop.listing.municipality.id, stop.listing.municipality)
        return list(seen.values())


def list_packages(
    session: Session,
    *,
    chain: Sequence[str],
    themes: tuple[str, ...] = (),
    municipalities: tuple[str, ...] = (),
    campaign_id: int | None = None,
    include_outside: bool = False,
) -> list[PackageView]:
    query = select(Package).where(Package.status == "published").order_by(Package.slug)
    if campaign_id is not None:
        query = query.where(
            select(CampaignFeature.id)
            .where(
                CampaignFeature.campaign_id == campaign_id, CampaignFeature.package_id == Package.id
            )
            .exists()
        )
    packages = session.scalars(query.options(*_eager(chain)))
    views = [package_view(p, public=True, include_outside=include_outside) for p in packages]
    views = [view for view in views if view.stops or view.left_outside]
    if themes:
        views = [v for v in views if set(themes) & set(v.themes)]
    if municipalities:
        views = [v for v in views if set(municipalities) & {m.slug for m in v.municipalities}]
    return views


def get_package(
    session: Session,
    slug: str,
    *,
    chain: Sequence[str],
    actor: Actor | None = None,
    include_outside: bool = False,
) -> PackageView:
    """A published package, or an unpublished one for those who may edit all its stops."""
    package = session.scalar(select(Package).where(Package.slug == slug).options(*_eager(chain)))
    editor = package is not None and actor is not None
    editor = editor and all(actor.covers(s.listing.municipality_id) for s in package.stops)
    if package is None or (package.status != "published" and not editor):
        raise NotFound(Message("No package has the slug %(key)s.", key=slug))
    return package_view(package, public=not editor, include_outside=include_outside or editor)


def package_view(package: Package, public: bool, include_outside: bool) -> PackageView:
    """The public sees published stops, and places seen only from outside when it asks."""
    shown = [s for s in package.stops if not public or s.listing.status == "published"]
    outside = [s for s in shown if s.listing.access == "outside_only"]
    stops = shown if include_outside else [s for s in shown if s not in outside]
    legs: list[float | None] = []
    previous = None
    for stop in stops:
        here = Point(stop.listing.lat, stop.listing.lon)
        legs.append(round(haversine_km(previous, here), 3) if previous else None)
        previous = here
    only_outside = bool(shown) and len(outside) == len(shown)
    return PackageView(package, stops, legs, len(shown) - len(stops), only_outside)


def _eager(chain: Sequence[str]) -> tuple:
    langs = tuple(chain)
    listing = selectinload(Package.stops).joinedload(PackageStop.listing)
    return (
        selectinload(Package.translations.and_(PackageTranslation.lang.in_(langs))),
        listing.selectinload(Listing.translations.and_(ListingTranslation.lang.in_(langs))),
        listing.selectinload(Listing.themes),
        listing.joinedload(Listing.municipality).selectinload(
            Municipality.translations.and_(MunicipalityTranslation.lang.in_(langs))
        ),
    )
