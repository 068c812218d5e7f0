"""The idempotent seed loader: the district's real data from seeds/ into the database.

Entities are matched by slug. An entity whose seed equals what is stored is left alone
(same version, same timestamps), so running the loader twice changes nothing.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from catalog.data.seed_format import (
    EventSeedSchema,
    ExtraTranslationsSchema,
    ListingSeedSchema,
    MunicipalitySeedSchema,
)
from catalog.data.seed_write import assign, seed_write, sync_texts
from catalog.data.seeding_offers import load_offers
from catalog.errors import SeedError
from catalog.events.kind import EVENT
from catalog.i18n.languages import SOURCE_LANGUAGE
from catalog.listings.kind import LISTING, PLAIN_VALUES
from catalog.models import (
    Listing,
    Municipality,
    MunicipalityTranslation,
    Organisation,
)
from catalog.places import location_of
from catalog.settings import PROJECT_ROOT

SEEDS_DIR = PROJECT_ROOT / "seeds"
DISTRICT_ORGANISATION = "distretto"


@dataclass
class SeedReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def record(self, kind: str, slug: str, outcome: str) -> None:
        getattr(self, outcome).append(f"{kind}:{slug}")


def load_seeds(session: Session, seeds_dir: Path = SEEDS_DIR) -> SeedReport:
    """Create or update everything the seed files describe; the caller commits."""
    extra = _read_extra_translations(seeds_dir)
    report = SeedReport()
    towns = {}
    for data in _read_list(seeds_dir / "municipalities.yaml", MunicipalitySeedSchema):
        _merge_texts(data, extra.get("municipalities", {}))
        towns[data["slug"]] = _upsert_municipality(session, data, report)
    _upsert_organisations(session, towns, report)
    for path in sorted((seeds_dir / "listings").glob("*.yaml")):
        for data in _read_list(path, ListingSeedSchema):
            _merge_texts(data, extra.get("listings", {}))
            town = towns.get(path.stem)
            if town is None:
                raise SeedError(f"{path.name}: no municipality with slug {path.stem!r}")
            _upsert_listing(session, data, town, report)
    load_offers(session, seeds_dir, report.record)
    events = seeds_dir / "events.yaml"
    if events.exists():
        for data in _read_list(events, EventSeedSchema):
            _merge_texts(data, extra.get("events", {}))
            _upsert_event(session, data, towns, report)
    session.flush()
    return report


def _upsert_event(session: Session, data: dict, towns: dict, report: SeedReport) -> None:
    where = f"events.yaml: {data['slug']}"
    if data["municipality"] not in towns:
        raise SeedError(f"{where} names unknown town {data['municipality']}")
    location = data.get("location") or _listing_location(session, data["listing"], where)
    state = {
        "municipality": data["municipality"],
        "listing": data.get("listing"),
        "location": location,
        "themes": sorted(data["themes"]),
        "start": data["start"],
        "end": data["end"],
        "recurrence": data.get("recurrence"),
        "source": data.get("source"),
        "translations": data["translations"],
    }
    report.record("event", data["slug"], seed_write(session, EVENT, data["slug"], state, where))


def _listing_location(session: Session, slug: str | None, where: str) -> dict:
    listing = session.scalar(select(Listing).where(Listing.slug == slug)) if slug else None
    if listing is None:
        raise SeedError(f"{where} has no location and names no known listing ({slug})")
    return location_of(listing)


def _read_list(path: Path, schema_class) -> list[dict]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    try:
        items = schema_class(many=True).load(raw)
    except ValidationError as error:
        raise SeedError(f"{path.name}: {error.messages}") from error
    for item in items:
        if SOURCE_LANGUAGE not in item["translations"]:
            raise SeedError(f"{path.name}: {item['slug']} has no {SOURCE_LANGUAGE} text")
    return items


def _read_extra_translations(seeds_dir: Path) -> dict[str, dict[str, dict]]:
    """{entity: {slug: {lang: texts}}} from seeds/translations/<lang>.yaml."""
    merged: dict[str, dict[str, dict]] = {}
    for path in sorted((seeds_dir / "translations").glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        try:
            data = ExtraTranslationsSchema().load(raw)
        except ValidationError as error:
            raise SeedError(f"translations/{path.name}: {error.messages}") from error
        for entity, by_slug in data.items():
            for slug, texts in by_slug.items():
                merged.setdefault(entity, {}).setdefault(slug, {})[path.stem] = texts
    return merged


def _merge_texts(data: dict, extra: dict[str, dict]) -> None:
    for lang, texts in extra.get(data["slug"], {}).items():
        data["translations"].setdefault(lang, texts)


def _upsert_municipality(session: Session, data: dict, report: SeedReport) -> Municipality:
    town = session.scalar(
        select(Municipality)
        .where(Municipality.slug == data["slug"])
        .options(selectinload(Municipality.translations))
    )
    created = town is None
    if created:
        town = Municipality(slug=data["slug"], translations=[])
        session.add(town)
    changed = assign(
        town,
        {
            "istat_code": data["istat_code"],
            "province": data["province"],
            "lat": data["lat"],
            "lon": data["lon"],
            "population": data.get("population"),
            "population_as_of": data.get("population_as_of"),
            "tourist_office": data.get("tourist_office"),
        },
    )
    changed |= sync_texts(town.translations, data["translations"], MunicipalityTranslation)
    report.record("municipality", town.slug, _outcome(created, changed))
    return town


def _upsert_organisations(
    session: Session, towns: dict[str, Municipality], report: SeedReport
) -> dict[str, Organisation]:
    """One tourism office per town (slug = the town's slug) and the district coordination."""
    session.flush()
    wanted = {
        slug: (f"Ufficio turistico di {_source_name(town)}", "tourism_office", [town])
        for slug, town in towns.items()
    }
    wanted[DISTRICT_ORGANISATION] = (
        "Distretto ceramico - coordinamento turistico",
        "coordination",
        list(towns.values()),
    )
    existing = {
        org.slug: org
        for org in session.scalars(
            select(Organisation).options(selectinload(Organisation.municipalities))
        )
    }
    result = {}
    for slug, (name, kind, scope) in wanted.items():
        org = existing.get(slug)
        created = org is None
        if created:
            org = Organisation(slug=slug, municipalities=[])
            session.add(org)
        changed = assign(org, {"name": name, "kind": kind})
        if {t.id for t in org.municipalities} != {t.id for t in scope}:
            org.municipalities = scope
            changed = True
        report.record("organisation", slug, _outcome(created, changed))
        result[slug] = org
    return result


def _source_name(town: Municipality) -> str:
    return next(t.name for t in town.translations if t.lang == SOURCE_LANGUAGE)


def _upsert_listing(session: Session, data: dict, town: Municipality, report: SeedReport) -> None:
    where = f"listings/{town.slug}.yaml: {data['slug']}"
    outcome = seed_write(session, LISTING, data["slug"], _seed_state(data, town), where)
    report.record("listing", data["slug"], outcome)


def _seed_state(data: dict, town: Municipality) -> dict:
    return {
        "kind": data["kind"],
        "themes": data["themes"],
        "municipality": town.slug,
        "location": data["location"],
        "contacts": data["contacts"],
        **{name: data.get(name, default) for name, default in PLAIN_VALUES.items()},
        "tags": data["tags"],
        "opening_hours": data.get("opening_hours"),
        "media": data["media"],
        "source": data.get("source"),
        "translations": data["translations"],
    }


def _outcome(created: bool, changed: bool) -> str:
    if created:
        return "created"
    return "updated" if changed else "unchanged"
