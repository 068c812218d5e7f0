"""After the run, straight from the database: was every acknowledged write kept?

Per written listing: no two acknowledgements claim the same version; the listing is at the
version of its last acknowledged write (or later only by writes left in doubt) and
shows that write's marker; every acknowledged marker is in the history (`revisions`: the
change of translations.en.summary and the snapshot), in the order of the versions; and no
write that was refused (412 and the like) shows up there.
"""

from collections import Counter, defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.db import make_engine
from catalog.models import Listing, ListingTranslation, Revision
from soak.traffic import Ack, Outcome

FIELD = "translations.en.summary"
MARKER_PREFIX = "soak c"


def verify(url: str, outcomes: list[Outcome]) -> dict:
    acks: dict[str, list[Ack]] = defaultdict(list)
    in_doubt: dict[str, set[str]] = defaultdict(set)
    for outcome in outcomes:
        for ack in outcome.acks:
            acks[ack.slug].append(ack)
        for slug, marker in outcome.in_doubt:
            in_doubt[slug].add(marker)
    stored = _read(url)
    problems = [f"{slug}: acknowledged, but no such listing" for slug in set(acks) - set(stored)]
    for slug in sorted(stored):
        if acks.get(slug) or stored[slug]["history"]:
            problems += _check_listing(slug, acks.get(slug, []), in_doubt.get(slug, set()), stored)
    return {
        "ok": not problems,
        "listings_written": len(acks),
        "acknowledged": sum(len(items) for items in acks.values()),
        "in_doubt": sum(len(items) for items in in_doubt.values()),
        "problems": problems,
    }


def _read(url: str) -> dict[str, dict]:
    """Every listing's version, English summary and its revisions that carry a marker."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            rows = session.execute(
                select(
                    Listing.id, Listing.slug, Listing.version, ListingTranslation.summary
                ).outerjoin(
                    ListingTranslation,
                    (ListingTranslation.listing_id == Listing.id)
                    & (ListingTranslation.lang == "en"),
                )
            ).all()
            stored = {
                row.slug: {"id": row.id, "version": row.version, "summary": row.summary}
                for row in rows
            }
            ids = {entry["id"]: entry for entry in stored.values()}
            for entry in stored.values():
                entry["history"] = []
            revisions = session.scalars(
                select(Revision)
                .where(Revision.entity_type == "listing")
                .order_by(Revision.entity_id, Revision.number)
            )
            for revision in revisions:
                marker = (revision.changes.get(FIELD) or [None, None])[1]
                if isinstance(marker, str) and marker.startswith(MARKER_PREFIX):
                    snapshot = revision.snapshot["translations"].get("en", {}).get("summary")
                    ids[revision.entity_id]["history"].append((revision.number, marker, snapshot))
            return stored
    finally:
        engine.dispose()


def _check_listing(slug: str, acks: list[Ack], in_doubt: set[str], stored: dict) -> list[str]:
    entry = stored[slug]
    history = {marker: (number, snapshot) for number, marker, snapshot in entry["history"]}
    problems = []
    for version, count in Counter(ack.version for ack in acks).items():
        if count > 1:
            problems.append(f"{slug}: {count} acknowledged writes all made version {version}")
    acknowledged = {ack.marker for ack in acks}
    for ack in acks:
        if ack.marker not in history:
            problems.append(f"{slug}: acknowledged {ack.marker!r} (v{ack.version}) not in history")
        elif history[ack.marker][1] != ack.marker:
            problems.append(f"{slug}: revision of {ack.marker!r} has another snapshot summary")
    for _number, marker, _snapshot in entry["history"]:
        if marker not in acknowledged and marker not in in_doubt:
            problems.append(f"{slug}: {marker!r} is in the history but was refused")
    numbers = [
        history[a.marker][0] for a in sorted(acks, key=lambda a: a.version) if a.marker in history
    ]
    if numbers != sorted(set(numbers)):
        problems.append(f"{slug}: revisions out of version order: {numbers}")
    if acks:
        problems += _check_last(slug, max(acks, key=lambda a: a.version), in_doubt, entry)
    return problems


def _check_last(slug: str, last: Ack, in_doubt: set[str], entry: dict) -> list[str]:
    """The stored state is the last acknowledged write, or one whose answer never came."""
    if entry["version"] < last.version:
        return [f"{slug}: at v{entry['version']}, but {last.marker!r} made v{last.version}"]
    if entry["summary"] == last.marker and entry["version"] == last.version:
        return []
    if entry["summary"] in in_doubt and entry["version"] > last.version:
        return []
    return [
        f"{slug}: v{entry['version']} shows {entry['summary']!r}; the last acknowledged write "
        f"was {last.marker!r} (v{last.version})"
    ]
