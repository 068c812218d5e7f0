"""The seeds are the district's real data, complete enough to use, and the loader is idempotent."""

from collections import Counter

import pytest
from sqlalchemy import select

from catalog.data.seeding import load_seeds
from catalog.models import Base, Listing, Municipality, Organisation
from catalog.vocabularies import THEMES

TOWNS = {
    "sassuolo": "036040",
    "fiorano-modenese": "036013",
    "formigine": "036015",
    "maranello": "036019",
    "casalgrande": "035012",
    "scandiano": "035040",
}


def _published(session):
    return session.scalars(select(Listing).where(Listing.status == "published")).all()


def test_the_six_towns_with_their_istat_codes(session):
    towns = {t.slug: t.istat_code for t in session.scalars(select(Municipality))}
    assert towns == TOWNS


def test_each_town_has_an_office_and_the_district_a_coordination(session):
    slugs = set(session.scalars(select(Organisation.slug)))
    assert slugs == {*TOWNS, "distretto"}


def test_at_least_sixty_published_listings(session):
    assert len(_published(session)) >= 60


def test_every_town_has_at_least_six_listings(session):
    counts = Counter(
        session.scalars(
            select(Municipality.slug)
            .join(Listing, Listing.municipality_id == Municipality.id)
            .where(Listing.status == "published")
        )
    )
    assert set(counts) == set(TOWNS)
    assert min(counts.values()) >= 6, counts


def test_every_theme_has_at_least_six_listings(session):
    from catalog.models import ListingTheme

    counts = Counter(session.scalars(select(ListingTheme.theme)))
    assert {theme: counts[theme] for theme in THEMES if counts[theme] < 6} == {}


def test_every_listing_has_italian_and_english_texts(session):
    from sqlalchemy.orm import selectinload

    listings = session.scalars(select(Listing).options(selectinload(Listing.translations))).all()
    missing = []
    for listing in listings:
        texts = {t.lang: t for t in listing.translations}
        for lang in ("it", "en"):
            t = texts.get(lang)
            if not (t and t.name and t.summary and t.description):
                missing.append((listing.slug, lang))
    assert missing == []


def test_points_are_inside_the_district(session):
    outside = [
        listing.slug
        for listing in _published(session)
        if not (44.45 <= listing.lat <= 44.70 and 10.60 <= listing.lon <= 10.97)
    ]
    assert outside == []


def test_the_ferrari_museum_is_where_the_facts_say(session):
    museum = session.scalar(select(Listing).where(Listing.slug == "museo-ferrari-maranello"))
    assert museum.kind == "museum"
    assert (museum.lat, museum.lon) == pytest.approx((44.52974, 10.86143), abs=2e-3)


def _snapshot(session) -> dict[str, list[tuple]]:
    """Every row of every table, to compare the database before and after."""
    session.flush()
    snapshot = {}
    for table in Base.metadata.sorted_tables:
        rows = session.execute(select(table)).all()
        snapshot[table.name] = sorted(tuple(map(repr, row)) for row in rows)
    return snapshot


def test_loading_the_seeds_again_changes_nothing(session):
    before = _snapshot(session)
    report = load_seeds(session)
    assert report.created == [] and report.updated == []
    assert len(report.unchanged) >= 60 + 6 + 7
    assert _snapshot(session) == before


def test_a_changed_seed_updates_in_place_and_bumps_the_version(session, tmp_path):
    import shutil

    import yaml

    from catalog.data.seeding import SEEDS_DIR

    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, seeds)
    path = seeds / "listings" / "maranello.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    museum = next(item for item in data if item["slug"] == "museo-ferrari-maranello")
    museum["tags"] = [*museum["tags"], "changed-by-a-test"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    listings_before = len(_published(session))

    report = load_seeds(session, seeds)

    assert report.updated == ["listing:museo-ferrari-maranello"]
    assert report.created == []
    assert len(_published(session)) == listings_before
    changed = session.scalar(select(Listing).where(Listing.slug == "museo-ferrari-maranello"))
    assert changed.version == 2
    assert changed.updated_at > changed.created_at
