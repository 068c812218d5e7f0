"""Seeds of the integrated offer: packages and campaigns (seeds/packages.yaml, campaigns.yaml).

Idempotent like the rest of the loader: matched by slug, changed only when the seed changed.
"""

from pathlib import Path

import yaml
from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from catalog import freshness
from catalog.errors import SeedError
from catalog.models import (
    Campaign,
    CampaignFeature,
    CampaignTranslation,
    Listing,
    Municipality,
    Organisation,
    Package,
    PackageStop,
    PackageTranslation,
)
from catalog.models.base import utcnow
from catalog.seed_format import CampaignSeedSchema, PackageSeedSchema

DISTRICT = "distretto"
PACKAGE_TEXTS = ("name", "summary", "description", "includes")
CAMPAIGN_TEXTS = ("name", "summary", "description", "getting_there")


def load_offers(session: Session, seeds_dir: Path, record) -> None:
    """`record(kind, slug, outcome)` reports to the caller's SeedReport."""
    packages = seeds_dir / "packages.yaml"
    campaigns = seeds_dir / "campaigns.yaml"
    if packages.exists():
        for data in _read(packages, PackageSeedSchema):
            record("package", data["slug"], _upsert_package(session, data))
    if campaigns.exists():
        for data in _read(campaigns, CampaignSeedSchema):
            record("campaign", data["slug"], _upsert_campaign(session, data))


def _read(path: Path, schema_class) -> list[dict]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    try:
        return schema_class(many=True).load(raw)
    except ValidationError as error:
        raise SeedError(f"{path.name}: {error.messages}") from error


def _listings(session: Session, slugs: list[str], where: str) -> list[Listing]:
    found = {
        listing.slug: listing
        for listing in session.scalars(select(Listing).where(Listing.slug.in_(slugs)))
    }
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise SeedError(f"{where}: unknown listings {missing}")
    return [found[slug] for slug in slugs]


def _upsert_package(session: Session, data: dict) -> str:
    stops = _listings(session, data["stops"], f"packages.yaml {data['slug']}")
    towns = {stop.municipality_id for stop in stops}
    owner_slug = DISTRICT if len(towns) > 1 else _town_office(session, stops[0])
    owner = session.scalar(select(Organisation).where(Organisation.slug == owner_slug))
    package = session.scalar(
        select(Package)
        .where(Package.slug == data["slug"])
        .options(selectinload(Package.stops), selectinload(Package.translations))
    )
    created = package is None
    if created:
        package = Package(slug=data["slug"], status="published", stops=[], translations=[])
    values = {
        "owner_id": owner.id,
        "duration_hours": data.get("duration_hours"),
        "duration_days": data.get("duration_days"),
        "price_from": data.get("price_from"),
        "audience": sorted(data["audience"]),
        "season": data.get("season"),
    }
    changed = _assign(package, values)
    if [s.listing_id for s in package.stops] != [stop.id for stop in stops]:
        if package.id is not None:
            package.stops.clear()
            session.flush()
        package.stops = [PackageStop(position=i, listing_id=s.id) for i, s in enumerate(stops)]
        changed = True
    changed |= _sync_texts(
        package.translations, data["translations"], PackageTranslation, PACKAGE_TEXTS
    )
    session.add(package)
    if changed and not created:
        package.version += 1
        package.updated_at = utcnow()
    if changed:
        freshness.bump(session)
    session.flush()
    return "created" if created else ("updated" if changed else "unchanged")


def _town_office(session: Session, listing: Listing) -> str:
    return session.scalar(
        select(Municipality.slug).where(Municipality.id == listing.municipality_id)
    )


def _upsert_campaign(session: Session, data: dict) -> str:
    campaign = session.scalar(
        select(Campaign)
        .where(Campaign.slug == data["slug"])
        .options(selectinload(Campaign.translations), selectinload(Campaign.featured))
    )
    created = campaign is None
    if created:
        campaign = Campaign(slug=data["slug"], translations=[], featured=[])
    hub = data.get("hub") or {}
    changed = _assign(
        campaign,
        {
            "start": data["start"],
            "end": data["end"],
            "hub_name": hub.get("name"),
            "hub_lat": hub.get("lat"),
            "hub_lon": hub.get("lon"),
        },
    )
    where = f"campaigns.yaml {data['slug']}"
    listings = _listings(session, data["featured_listings"], where)
    packages = {
        p.slug: p
        for p in session.scalars(select(Package).where(Package.slug.in_(data["featured_packages"])))
    }
    if set(data["featured_packages"]) - set(packages):
        raise SeedError(
            f"{where}: unknown packages {set(data['featured_packages']) - set(packages)}"
        )
    wanted = [("listing", listing.id) for listing in listings] + [
        ("package", packages[slug].id) for slug in data["featured_packages"]
    ]
    current = [
        ("listing", f.listing_id) if f.listing_id else ("package", f.package_id)
        for f in campaign.featured
    ]
    if current != wanted:
        campaign.featured = [
            CampaignFeature(
                position=i,
                listing_id=ident if kind == "listing" else None,
                package_id=ident if kind == "package" else None,
            )
            for i, (kind, ident) in enumerate(wanted)
        ]
        changed = True
    changed |= _sync_texts(
        campaign.translations, data["translations"], CampaignTranslation, CAMPAIGN_TEXTS
    )
    session.add(campaign)
    if changed:
        freshness.bump(session)
    session.flush()
    return "created" if created else ("updated" if changed else "unchanged")


def _assign(entity, values: dict) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(entity, name) != value:
            setattr(entity, name, value)
            changed = True
    return changed


def _sync_texts(rows: list, wanted: dict[str, dict], model, names: tuple[str, ...]) -> bool:
    current = {row.lang: row for row in rows}
    changed = False
    for lang, texts in wanted.items():
        values = {name: texts.get(name) for name in names}
        if lang in current:
            changed |= _assign(current[lang], values)
        else:
            rows.append(model(lang=lang, **values))
            changed = True
    return changed
