"""Seeds of the integrated offer: packages and campaigns (seeds/packages.yaml, campaigns.yaml).

Idempotent like the rest of the loader: matched by slug, changed only when the seed changed.
"""

from pathlib import Path

import yaml
from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from catalog import freshness
from catalog.data.seed_format import CampaignSeedSchema, PackageSeedSchema
from catalog.data.seed_write import assign, seed_write, sync_texts
from catalog.errors import SeedError
from catalog.models import (
    Campaign,
    CampaignFeature,
    CampaignTranslation,
    Listing,
    Package,
)
from catalog.offers.package_kind import PACKAGE


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
    state = {
        "stops": data["stops"],
        "duration_hours": data.get("duration_hours"),
        "duration_days": data.get("duration_days"),
        "price_from": data.get("price_from"),
        "audience": sorted(data["audience"]),
        "season": data.get("season"),
        "translations": data["translations"],
    }
    return seed_write(session, PACKAGE, data["slug"], state, f"packages.yaml: {data['slug']}")


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
    changed = assign(
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
    changed |= sync_texts(campaign.translations, data["translations"], CampaignTranslation)
    session.add(campaign)
    if changed:
        freshness.bump(session)
    session.flush()
    return "created" if created else ("updated" if changed else "unchanged")
