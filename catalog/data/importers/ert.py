"""The Emilia-Romagna Turismo importer: the region's open data for the six towns.

Rows are matched to listings by source (name and ERT id), so a second run updates in place
and never duplicates. On a listing that exists the importer owns only location, contacts and
source: texts, kind, themes, tags and status stay as people (or the seeds) made them. It
writes texts (the Italian name) only when it creates a listing, as a draft of the town's
office unless asked to publish. Every change goes through `write_state` with a revision.
"""

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from catalog.data.importers.cleaning import fold, name_key
from catalog.data.importers.csv_records import CsvFile, CsvRecord, read_csv_file
from catalog.data.importers.errors import ImportAborted
from catalog.data.importers.ert_rows import (
    SOURCE_NAME,
    Candidate,
    Layout,
    RowRejected,
    Town,
    TownIndex,
    layout_for,
)
from catalog.data.importers.report import FileReport, Imported, ImportReport
from catalog.editable import snapshot, system_write
from catalog.i18n.languages import SOURCE_LANGUAGE
from catalog.listings.kind import LISTING, slugify, write_state
from catalog.models import Listing, ListingTranslation, Municipality, Organisation
from catalog.revisions import Author

AUTHOR = Author(None, "importer: Emilia-Romagna Turismo")
ACTION = "import"
SAME_PLACE_METRES = 200
"""Two records this close, with the same name, are one place (the dumps repeat some)."""
OWNED = ("location", "contacts", "source")


@dataclass(frozen=True)
class ErtFile:
    csv: CsvFile
    layout: Layout

    @property
    def name(self) -> str:
        return self.csv.name

    @property
    def records(self) -> list[CsvRecord]:
        return self.csv.records


@dataclass
class _Known:
    """A listing as the importer needs it to match rows: where it is and what it is called."""

    id: int
    slug: str
    town_id: int
    lat: float
    lon: float
    key: str
    source_id: str | None


def read_ert_file(path: str | Path) -> ErtFile:
    """The file decoded and parsed; ImportAborted when it cannot be trusted or is not ERT's."""
    data = read_csv_file(Path(path))
    layout = layout_for(data.header)
    if layout is None:
        raise ImportAborted(
            f"{data.name}: not an Emilia-Romagna Turismo dump this importer knows "
            f"(columns: {', '.join(data.header)})"
        )
    return ErtFile(data, layout)


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, folders as the CSV files in them (sorted)."""
    result = []
    for path in map(Path, paths):
        result.extend(sorted(path.glob("*.csv")) if path.is_dir() else [path])
    return result


def import_ert(
    session: Session, paths: Iterable[str | Path], *, publish: bool = False
) -> ImportReport:
    """Import every file in order; the caller commits (or rolls back, for a dry run)."""
    run = ErtImport(session, publish=publish)
    for path in expand_paths(paths):
        run.import_file(read_ert_file(path))
    return run.report


class ErtImport:
    """One run: towns, offices and listings are read once, then files are imported in turn."""

    def __init__(self, session: Session, *, publish: bool = False) -> None:
        self.session = session
        self.publish = publish
        self.report = ImportReport()
        self._towns = _load_towns(session)
        if not len(self._towns):
            raise ImportAborted("the database has no municipalities: run `flask seed` first")
        self._offices = {org.slug: org.id for org in session.scalars(select(Organisation))}
        self._known = _load_known(session)
        self._by_source = {known.source_id: known for known in self._known if known.source_id}
        self._seen: dict[str, str] = {}

    def import_file(
        self, ert_file: ErtFile, progress: Callable[[int], object] | None = None
    ) -> FileReport:
        """All rows are read before any is written (a point shared by several rows shows only
        then); `progress(1)` is called once per record as it is written or set aside."""
        report = FileReport(ert_file.name, ert_file.csv.encoding, len(ert_file.records))
        self.report.files.append(report)
        if ert_file.layout.skip_reason:
            report.skip(1, f"{len(ert_file.records)} records of {ert_file.layout.skip_reason}")
            return report
        if ert_file.csv.repaired:
            report.note(1, f"mojibake repaired in {ert_file.csv.repaired} fields")
        rows = [(record, self._read(ert_file, record)) for record in ert_file.records]
        rows = _mark_shared_points(rows)
        for record, outcome in rows:
            if isinstance(outcome, Candidate):
                self._import_candidate(outcome, record.line, report)
            elif outcome is None:
                report.outside += 1
            else:
                report.reject(record.line, outcome)
            if progress is not None:
                progress(1)
        return report

    def _read(self, ert_file: ErtFile, record: CsvRecord) -> Candidate | str | None:
        """The record as a candidate, None outside the six towns, or the reason to reject it."""
        header = ert_file.csv.header
        if len(record.fields) != len(header):
            return (
                f"{len(record.fields)} fields where the header has {len(header)} (shifted columns)"
            )
        values = {
            column: value.strip() for column, value in zip(header, record.fields, strict=True)
        }
        town = self._towns.find(values[ert_file.layout.city_column])
        if town is None:
            return None
        try:
            return ert_file.layout.candidate(values, town)
        except RowRejected as error:
            return str(error)

    def _import_candidate(self, candidate: Candidate, line: int, report: FileReport) -> None:
        here = f"{report.name}:{line}"
        first = self._seen.setdefault(candidate.source_id, here)
        if first != here:
            report.reject(line, f"ERT id {candidate.source_id} already read at {first}")
            return
        for note in candidate.notes:
            report.note(line, note)
        if candidate.approximate:
            report.note(
                line,
                "the source gives this point to other addresses too: taken as approximate",
            )
        known = self._by_source.get(candidate.source_id)
        if known is not None:
            self._update(known, candidate, line, report)
            return
        twin = self._same_place(candidate)
        if twin is not None:
            origin = f"ERT {twin.source_id}" if twin.source_id else "no ERT source"
            report.skip(
                line,
                f"ERT {candidate.source_id} {candidate.name!r} is the same place as listing "
                f"{twin.slug} ({origin}): not imported twice",
            )
            return
        self._create(candidate, line, report)

    def _create(self, candidate: Candidate, line: int, report: FileReport) -> None:
        town = candidate.town
        office = self._offices.get(town.slug)
        if office is None:
            report.reject(line, f"no office organisation {town.slug!r} to own it: run `flask seed`")
            return
        if candidate.point is None:
            lat, lon, approximate = town.lat, town.lon, True
            report.note(line, "no coordinates: placed at the town centre (approximate)")
        else:
            (lat, lon), approximate = candidate.point, candidate.approximate
        status = "published" if self.publish and not candidate.closed else "draft"
        if candidate.closed:
            report.note(line, f"{candidate.name!r} is closed according to the source: a draft")
        listing = Listing(
            slug=self._unique_slug(candidate),
            status=status,
            owner_id=office,
            translations=[],
            themes=[],
            tags=[],
            media=[],
        )
        state = {
            "kind": candidate.category.kind,
            "themes": sorted(candidate.category.themes),
            "municipality": town.slug,
            "location": {
                "lat": lat,
                "lon": lon,
                "address": candidate.address,
                "approximate": approximate,
            },
            "contacts": candidate.contacts,
            "price_range": None,
            "tags": sorted(candidate.category.tags),
            "opening_hours": None,
            "media": [],
            "source": candidate.source,
            "translations": {
                SOURCE_LANGUAGE: {"name": candidate.name, "description": candidate.description}
            },
        }
        system_write(
            self.session,
            LISTING,
            listing,
            AUTHOR,
            ACTION,
            lambda: write_state(self.session, listing, state),
        )
        key = name_key(candidate.name)
        known = _Known(listing.id, listing.slug, town.id, lat, lon, key, candidate.source_id)
        self._known.append(known)
        self._by_source[candidate.source_id] = known
        report.created.append(Imported(line, candidate.source_id, listing.slug))

    def _update(self, known: _Known, candidate: Candidate, line: int, report: FileReport) -> None:
        listing = self.session.scalar(
            select(Listing)
            .where(Listing.id == known.id)
            .options(
                selectinload(Listing.translations),
                selectinload(Listing.themes),
                selectinload(Listing.tags),
                selectinload(Listing.media),
            )
        )
        before = snapshot(self.session, LISTING, listing)
        state = {key: value for key, value in before.items() if key != "status"}
        state["location"] = self._location(before["location"], candidate, line, report)
        state["contacts"] = {**before["contacts"], **candidate.contacts}
        state["source"] = candidate.source
        if candidate.closed:
            report.note(
                line,
                f"closed according to the source; listing {known.slug} stays "
                f"{listing.status}: check it",
            )
        if before["municipality"] != candidate.town.slug:
            report.note(
                line,
                f"the source places it in {candidate.town.name}; listing {known.slug} stays "
                f"in {before['municipality']}",
            )
        changed = system_write(
            self.session,
            LISTING,
            listing,
            AUTHOR,
            ACTION,
            lambda: write_state(self.session, listing, state),
        )
        if not changed:
            report.unchanged.append(Imported(line, candidate.source_id, known.slug))
            return
        after = snapshot(self.session, LISTING, listing)
        known.lat, known.lon = listing.lat, listing.lon
        report.updated.append(
            Imported(line, candidate.source_id, known.slug, _changed_fields(before, after))
        )

    def _location(self, current: dict, candidate: Candidate, line: int, report) -> dict:
        """The source's point only where ours is approximate; its address unless ours says more.

        A precise point already on the listing (from the seeds' sources or an editor) is kept:
        the open-data points are often a town's generic point. An address that already names
        the source's street and number keeps its wording (the seeds add postcodes).
        """
        address = current.get("address")
        if candidate.address and not _says_street(address, candidate.street):
            address = candidate.address
        if candidate.point is None or candidate.approximate or not current.get("approximate"):
            if candidate.point is None:
                report.note(line, "no coordinates in the source: the listing keeps its point")
            return {**current, "address": address}
        lat, lon = candidate.point
        return {"lat": lat, "lon": lon, "address": address, "approximate": False}

    def _same_place(self, candidate: Candidate) -> _Known | None:
        if candidate.point is None:
            return None
        key = name_key(candidate.name)
        for known in self._known:
            if (
                known.town_id == candidate.town.id
                and _same_name(key, known.key)
                and _metres(candidate.point, (known.lat, known.lon)) <= SAME_PLACE_METRES
            ):
                return known
        return None

    def _unique_slug(self, candidate: Candidate) -> str:
        base = slugify(candidate.name) or "listing"
        if candidate.town.slug not in base:
            base = f"{base}-{candidate.town.slug}"
        taken = set(self.session.scalars(select(Listing.slug).where(Listing.slug.like(f"{base}%"))))
        slug, suffix = base, 2
        while slug in taken:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        return slug


def _load_towns(session: Session) -> TownIndex:
    towns = []
    for town in session.scalars(
        select(Municipality).options(selectinload(Municipality.translations))
    ):
        names = {row.lang: row.name for row in town.translations}
        name = names.get(SOURCE_LANGUAGE, town.slug)
        towns.append(Town(town.id, town.slug, name, town.province, town.lat, town.lon))
    return TownIndex(towns)


def _load_known(session: Session) -> list[_Known]:
    rows = session.execute(
        select(
            Listing.id,
            Listing.slug,
            Listing.municipality_id,
            Listing.lat,
            Listing.lon,
            Listing.source,
            ListingTranslation.name,
        )
        .outerjoin(
            ListingTranslation,
            (ListingTranslation.listing_id == Listing.id)
            & (ListingTranslation.lang == SOURCE_LANGUAGE),
        )
        .order_by(Listing.id)
    )
    known = []
    for row in rows:
        source = row.source if isinstance(row.source, dict) else {}
        ours = source.get("name") == SOURCE_NAME and source.get("id")
        source_id = str(source["id"]) if ours else None
        key = name_key(row.name or "")
        known.append(
            _Known(row.id, row.slug, row.municipality_id, row.lat, row.lon, key, source_id)
        )
    return known


def _mark_shared_points(rows: list[tuple]) -> list[tuple]:
    """A point given to candidates at different streets is a geocoder's guess, not theirs."""
    streets: dict[tuple[float, float], set[str]] = defaultdict(set)
    for _record, outcome in rows:
        if isinstance(outcome, Candidate) and outcome.point is not None:
            streets[outcome.point].add(fold(outcome.street or ""))
    return [
        (
            record,
            replace(outcome, approximate=True)
            if isinstance(outcome, Candidate) and len(streets.get(outcome.point, ())) > 1
            else outcome,
        )
        for record, outcome in rows
    ]


def _says_street(address: str | None, street: str | None) -> bool:
    """ "Via S. Antonio 2, 41053 Maranello (MO)" already says "Via S.Antonio 2"."""
    return bool(address and street and fold(address).startswith(fold(street)))


def _same_name(a: str, b: str) -> bool:
    """Equal, or one is the other with words added ("Golf Club" / "Golf Club Modena")."""
    if not a or not b:
        return False
    shorter, longer = sorted((a, b), key=len)
    return shorter == longer or (len(shorter.split()) >= 2 and longer.startswith(f"{shorter} "))


def _metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Equirectangular distance: exact enough at the scale of a town."""
    mean_lat = math.radians((a[0] + b[0]) / 2)
    dx = math.radians(b[1] - a[1]) * math.cos(mean_lat)
    dy = math.radians(b[0] - a[0])
    return 6_371_000 * math.hypot(dx, dy)


def _changed_fields(before: dict, after: dict) -> tuple[str, ...]:
    """Changed fields, and inside location, contacts and source the keys that changed."""
    changed = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if key in OWNED and isinstance(old, dict) and isinstance(new, dict):
            changed += [
                f"{key}.{name}"
                for name in sorted(set(old) | set(new))
                if old.get(name) != new.get(name)
            ]
        else:
            changed.append(key)
    return tuple(changed)
