"""Writes on packages, with the rules of listings: scope, draft and publish, If-Match, history.

A package belongs to the office of its town, or to the district coordination when its stops
span towns; whoever edits it must cover every town it touches.
"""

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from catalog import freshness
from catalog.errors import Conflict, Forbidden, InvalidData, NotFound
from catalog.i18n import Message
from catalog.languages import SOURCE_LANGUAGE
from catalog.listing_state import diff
from catalog.models import (
    Listing,
    Organisation,
    Package,
    PackageStop,
    PackageTranslation,
    Revision,
)
from catalog.permissions import Actor, require_actor
from catalog.sanitize import plain_text
from catalog.text_rows import TEXT_CLEANERS, sync_text_rows
from catalog.versioning import (
    Author,
    bump_version,
    check_version,
    record_revision,
    status_before_delete,
)

ENTITY = "package"
TEXTS = ("name", "summary", "description", "includes")
DISTRICT = "distretto"
PACKAGE_TEXTS = {**TEXT_CLEANERS, "includes": plain_text}
STATUS_ACTIONS = {"publish": "published", "unpublish": "draft", "delete": "archived"}


def get_package_for_edit(session: Session, slug: str, actor: Actor | None) -> Package:
    require_actor(actor)
    package = session.scalar(
        select(Package)
        .where(Package.slug == slug)
        .options(
            selectinload(Package.translations),
            selectinload(Package.stops).joinedload(PackageStop.listing),
        )
        .with_for_update(of=Package)  # concurrent writers queue (see get_listing_for_edit)
    )
    if package is None:
        raise NotFound(Message("No package has the slug %(key)s.", key=slug))
    return package


def package_state(session: Session, package: Package) -> dict:
    return {
        "stops": [stop.listing.slug for stop in package.stops],
        "duration_hours": package.duration_hours,
        "duration_days": package.duration_days,
        "price_from": package.price_from,
        "audience": list(package.audience or []),
        "season": package.season,
        "translations": {
            row.lang: {name: getattr(row, name) for name in TEXTS}
            for row in sorted(package.translations, key=lambda row: row.lang)
        },
        "status": package.status,
    }


def create_package(session: Session, actor: Actor | None, state: dict, slug: str) -> Package:
    actor = require_actor(actor)
    if session.scalar(select(Package.id).where(Package.slug == slug)) is not None:
        raise Conflict(Message("The slug %(slug)s is taken.", slug=slug))
    stops = _stops(session, state["stops"])
    _require_scope(actor, stops)
    package = Package(slug=slug, status="draft", stops=[], translations=[], audience=[])
    _write(session, package, state, stops)
    session.add(package)
    session.flush()
    after = package_state(session, package)
    _record(session, package, Author.of(actor), "create", diff({}, after), after)
    return package


def update_package(
    session: Session, actor: Actor | None, package: Package, state: dict, expected_version
) -> Package:
    actor = require_actor(actor)
    _require_scope(actor, [stop.listing for stop in package.stops])
    stops = _stops(session, state["stops"])
    _require_scope(actor, stops)
    return _change(
        session,
        actor,
        package,
        expected_version,
        "update",
        lambda: _write(session, package, state, stops),
    )


def set_package_status(
    session: Session, actor: Actor | None, package: Package, action: str, expected_version
) -> Package:
    actor = require_actor(actor)
    _require_scope(actor, [stop.listing for stop in package.stops])
    if action == "restore":
        if package.status != "archived":
            raise Conflict(Message("Only a deleted (archived) listing can be restored."))
        status = status_before_delete(session, ENTITY, package.id)
    else:
        status = STATUS_ACTIONS[action]

    def apply() -> None:
        package.status = status

    return _change(session, actor, package, expected_version, action, apply)


def list_package_revisions(
    session: Session, actor: Actor | None, package: Package
) -> list[Revision]:
    actor = require_actor(actor)
    _require_scope(actor, [stop.listing for stop in package.stops])
    return list(
        session.scalars(
            select(Revision)
            .where(Revision.entity_type == ENTITY, Revision.entity_id == package.id)
            .order_by(Revision.number)
        )
    )


def _change(session, actor, package, expected_version, action, apply) -> Package:
    check_version(package, expected_version)
    before = package_state(session, package)
    apply()
    session.flush()
    after = package_state(session, package)
    changes = diff(before, after)
    if changes:
        bump_version(session, package)
        _record(session, package, Author.of(actor), action, changes, after)
    return package


def _record(session, package, author, action, changes, snapshot) -> None:
    record_revision(session, ENTITY, package.id, author, action, changes, snapshot)
    freshness.bump(session)


def _stops(session: Session, slugs: list[str]) -> list[Listing]:
    found = {
        listing.slug: listing
        for listing in session.scalars(
            select(Listing).where(Listing.slug.in_(slugs)).options(joinedload(Listing.municipality))
        )
    }
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        raise InvalidData(
            {"stops": [Message("Unknown listing: %(value)s.", value=", ".join(unknown))]}
        )
    if len(set(slugs)) != len(slugs):
        raise InvalidData({"stops": [Message("A stop appears twice.")]})
    return [found[slug] for slug in slugs]


def _require_scope(actor: Actor, stops: list[Listing]) -> None:
    if not all(actor.covers(stop.municipality_id) for stop in stops):
        raise Forbidden(Message("This belongs to a municipality your organisation does not cover."))


def _replace_stops(session: Session, package: Package, stops: list[Listing]) -> None:
    """Old rows go first: (package, position) is unique, and the flush would insert first."""
    if package.id is not None:
        package.stops.clear()
        session.flush()
    package.stops = [PackageStop(position=i, listing=stop) for i, stop in enumerate(stops)]


def _write(session: Session, package: Package, state: dict, stops: list[Listing]) -> None:
    source = state["translations"].get(SOURCE_LANGUAGE) or {}
    if not source.get("name"):
        raise InvalidData(
            {f"translations.{SOURCE_LANGUAGE}.name": [Message("Missing data for required field.")]}
        )
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
    sync_text_rows(package.translations, state["translations"], PackageTranslation, PACKAGE_TEXTS)
