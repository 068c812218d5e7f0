"""Packages as an editable kind. A package belongs to the office of its town, or to the
district coordination when its stops span towns; whoever edits it must cover every town it
touches (the write core checks that before and after the change).
"""

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from catalog.access.permissions import Actor, may_refer_to
from catalog.editable import Kind
from catalog.errors import InvalidData
from catalog.i18n.messages import N_, Message
from catalog.i18n.text_rows import read_text_rows, sync_text_rows
from catalog.models import Listing, Organisation, Package, PackageStop, PackageTranslation

DISTRICT = "distretto"


def read_state(session: Session, package: Package) -> dict:
    return {
        "stops": [stop.listing.slug for stop in package.stops],
        "duration_hours": package.duration_hours,
        "duration_days": package.duration_days,
        "price_from": package.price_from,
        "audience": list(package.audience or []),
        "season": package.season,
        "translations": read_text_rows(package.translations),
    }


def write_state(
    session: Session, package: Package, state: dict, actor: Actor | None = None
) -> None:
    stops = _stops(session, state["stops"], actor)
    towns = {stop.municipality_id for stop in stops}
    owner_slug = DISTRICT if len(towns) > 1 else stops[0].municipality.slug
    package.owner_id = session.scalar(
        select(Organisation.id).where(Organisation.slug == owner_slug)
    )
    package.duration_hours = state.get("duration_hours")
    package.duration_days = state.get("duration_days")
    package.price_from = state.get("price_from")
    package.audience = sorted(state.get("audience") or [])
    package.season = state.get("season")
    if [s.listing_id for s in package.stops] != [stop.id for stop in stops]:
        _replace_stops(session, package, stops)
    sync_text_rows(package.translations, state["translations"], PackageTranslation)


def towns(session: Session, package: Package) -> set[int]:
    return {stop.listing.municipality_id for stop in package.stops}


def _stops(session: Session, slugs: list[str], actor: Actor | None) -> list[Listing]:
    """Another town's drafts answer like missing listings."""
    found = {
        listing.slug: listing
        for listing in session.scalars(
            select(Listing).where(Listing.slug.in_(slugs)).options(joinedload(Listing.municipality))
        )
        if may_refer_to(actor, listing.status, listing.municipality_id)
    }
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        raise InvalidData(
            {"stops": [Message("Unknown listing: %(value)s.", value=", ".join(unknown))]}
        )
    if len(set(slugs)) != len(slugs):
        raise InvalidData({"stops": [Message("A stop appears twice.")]})
    return [found[slug] for slug in slugs]


def _replace_stops(session: Session, package: Package, stops: list[Listing]) -> None:
    """Old rows go first: (package, position) is unique, and the flush would insert first."""
    if package.id is not None:
        package.stops.clear()
        session.flush()
    package.stops = [PackageStop(position=i, listing=stop) for i, stop in enumerate(stops)]


def new_package(session: Session, actor: Actor | None, state: dict, slug: str | None) -> Package:
    return Package(slug=slug, status="draft", stops=[], translations=[], audience=[])


PACKAGE = Kind(
    entity="package",
    model=Package,
    not_found=N_("No package has the slug %(key)s."),
    edit_options=lambda: (
        selectinload(Package.translations),
        selectinload(Package.stops).joinedload(PackageStop.listing),
    ),
    read=read_state,
    write=write_state,
    towns=towns,
    new=new_package,
)
