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

from catalog import freshness
from catalog.editing import current_state, record_system_revision
from catalog.errors import SeedError
from catalog.languages import SOURCE_LANGUAGE
from catalog.listing_state import write_state
from catalog.models import (
    Event,
    EventTranslation,
    Listing,
    Municipality,
    MunicipalityTranslation,
    Organisation,
)
from catalog.models.base import utcnow
from catalog.recurrence import InvalidRule, checked_rule
from catalog.seed_format import (
    EventSeedSchema,
    ExtraTranslationsSchema,
    ListingSeedSchema,
    MunicipalitySeedSchema,
)
from catalog.seeding_offers import load_offers
from catalog.settings import PROJECT_ROOT
from catalog.versioning import Author

SEEDS_DIR = PROJECT_ROOT / "seeds"
DISTRICT_ORGANISATION = "distretto"
TEXT_FIELDS = ("name", "summary", "description")
SEED_AUTHOR = Author(None, "seed loader")


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
    organisations = _upsert_organisations(session, towns, report)
    for path in sorted((seeds_dir / "listings").glob("*.yaml")):
        for data in _read_list(path, ListingSeedSchema):
            _merge_texts(data, extra.get("listings", {}))
            town = towns.get(path.stem)
            if town is None:
                raise SeedError(f"{path.name}: no municipality with slug {path.stem!r}")
            _upsert_listing(session, data, town, organisations[path.stem], report)
    load_offers(session, seeds_dir, report.record)
    events = seeds_dir / "events.yaml"
    if events.exists():
        for data in _read_list(events, EventSeedSchema):
            _merge_texts(data, extra.get("events", {}))
            _upsert_event(session, data, towns, report)
    session.flush()
    return report


def _upsert_event(session: Session, data: dict, towns: dict, report: SeedReport) -> None:
    event = session.scalar(
        select(Event).where(Event.slug == data["slug"]).options(selectinload(Event.translations))
    )
    created = event is None
    if created:
        event = Event(slug=data["slug"], status="published", translations=[])
    listing = None
    if data.get("listing"):
        listing = session.scalar(select(Listing).where(Listing.slug == data["listing"]))
        if listing is None:
            raise SeedError(f"events.yaml: {data['slug']} names unknown listing {data['listing']}")
    location = data.get("location") or {
        "lat": listing.lat,
        "lon": listing.lon,
        "address": listing.address,
        "approximate": listing.location_approximate,
    }
    town = towns.get(data["municipality"])
    if town is None:
        raise SeedError(f"events.yaml: {data['slug']} names unknown town {data['municipality']}")
    if data.get("recurrence"):
        try:
            checked_rule(data["recurrence"], data["start"])
        except InvalidRule as invalid:
            raise SeedError(f"events.yaml: {data['slug']}: {invalid}") from None
    changed = _assign(
        event,
        municipality_id=town.id,
        listing_id=listing.id if listing else None,
        lat=location["lat"],
        lon=location["lon"],
        address=location.get("address"),
        location_approximate=location.get("approximate", False),
        themes=sorted(data["themes"]),
        start=data["start"],
        end=data["end"],
        recurrence=data.get("recurrence"),
        recurrence_note=data.get("recurrence_note"),
        source=data.get("source"),
    )
    changed |= _sync_translations(event.translations, data["translations"], EventTranslation)
    session.add(event)
    if changed:
        freshness.bump(session)
    report.record("event", event.slug, _outcome(created, changed))


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
    changed = _assign(
        town,
        istat_code=data["istat_code"],
        province=data["province"],
        lat=data["lat"],
        lon=data["lon"],
        population=data.get("population"),
        population_as_of=data.get("population_as_of"),
        tourist_office=data.get("tourist_office"),
    )
    changed |= _sync_translations(town.translations, data["translations"], MunicipalityTranslation)
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
        changed = _assign(org, name=name, kind=kind)
        if {t.id for t in org.municipalities} != {t.id for t in scope}:
            org.municipalities = scope
            changed = True
        report.record("organisation", slug, _outcome(created, changed))
        result[slug] = org
    return result


def _source_name(town: Municipality) -> str:
    return next(t.name for t in town.translations if t.lang == SOURCE_LANGUAGE)


def _upsert_listing(
    session: Session, data: dict, town: Municipality, owner: Organisation, report: SeedReport
) -> None:
    listing = session.scalar(
        select(Listing)
        .where(Listing.slug == data["slug"])
        .options(
            selectinload(Listing.translations),
            selectinload(Listing.themes),
            selectinload(Listing.tags),
            selectinload(Listing.media),
        )
    )
    created = listing is None
    if created:
        listing = Listing(
            slug=data["slug"], status="published", owner_id=owner.id,
            translations=[], themes=[], tags=[], media=[],
        )  # fmt: skip
        session.add(listing)
        before = {}
    else:
        before = current_state(session, listing)
    state = _seed_state(data, town)
    # Languages an editor added that the seeds do not know are kept.
    state["translations"] = {**before.get("translations", {}), **state["translations"]}
    write_state(session, listing, state)
    session.flush()
    changed = created or current_state(session, listing) != before
    if changed and not created:
        listing.version += 1
        listing.updated_at = utcnow()
    if changed:
        record_system_revision(session, listing, SEED_AUTHOR, "seed", before)
    report.record("listing", listing.slug, _outcome(created, changed))


def _seed_state(data: dict, town: Municipality) -> dict:
    return {
        "kind": data["kind"],
        "themes": data["themes"],
        "municipality": town.slug,
        "location": data["location"],
        "contacts": data["contacts"],
        "price_range": data.get("price_range"),
        "tags": data["tags"],
        "opening_hours": data.get("opening_hours"),
        "media": data["media"],
        "source": data.get("source"),
        "translations": data["translations"],
    }


def _assign(entity, **values) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(entity, name) != value:
            setattr(entity, name, value)
            changed = True
    return changed


def _sync_translations(rows: list, wanted: dict[str, dict], model) -> bool:
    current = {row.lang: row for row in rows}
    changed = False
    for lang, texts in wanted.items():
        row = current.get(lang)
        if row is None:
            rows.append(model(lang=lang, **{f: texts.get(f) for f in TEXT_FIELDS}))
            changed = True
        else:
            changed |= _assign(row, **{f: texts.get(f) for f in TEXT_FIELDS})
    return changed


def _outcome(created: bool, changed: bool) -> str:
    if created:
        return "created"
    return "updated" if changed else "unchanged"
