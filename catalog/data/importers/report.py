"""What an import run did, per file and in total: created, updated, unchanged, rejected."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Imported:
    """A row that became (or already was) a listing."""

    line: int
    source_id: str
    slug: str
    changes: tuple[str, ...] = ()
    """The fields an update changed ("location.lat", "contacts.phone", ...)."""


@dataclass(frozen=True)
class RowIssue:
    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


@dataclass
class FileReport:
    name: str
    encoding: str = ""
    records: int = 0
    outside: int = 0
    """Records of towns outside the district: read, not imported, not errors."""
    created: list[Imported] = field(default_factory=list)
    updated: list[Imported] = field(default_factory=list)
    unchanged: list[Imported] = field(default_factory=list)
    rejected: list[RowIssue] = field(default_factory=list)
    """Rows that cannot be used as they are, with the reason."""
    skipped: list[RowIssue] = field(default_factory=list)
    """Rows deliberately not imported (the same place as a listing that exists, a whole file
    the catalogue has no place for)."""
    notes: list[RowIssue] = field(default_factory=list)
    """Imported, with something to check (a point at the town centre, a closed place, a
    contact dropped as invalid)."""

    def reject(self, line: int, reason: str) -> None:
        self.rejected.append(RowIssue(self.name, line, reason))

    def skip(self, line: int, reason: str) -> None:
        self.skipped.append(RowIssue(self.name, line, reason))

    def note(self, line: int, reason: str) -> None:
        self.notes.append(RowIssue(self.name, line, reason))

    def counts(self) -> dict[str, int]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "rejected": len(self.rejected),
            "skipped": len(self.skipped),
            "outside": self.outside,
        }


@dataclass
class ImportReport:
    files: list[FileReport] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        total = dict.fromkeys(FileReport("").counts(), 0)
        for report in self.files:
            for key, value in report.counts().items():
                total[key] += value
        return total

    def all(self, outcome: str) -> list:
        return [item for report in self.files for item in getattr(report, outcome)]

    def lines(self) -> list[str]:
        """The report as text for a terminal or a log, file by file, then the total."""
        lines = []
        for report in self.files:
            encoding = f"{report.encoding}, " if report.encoding else ""
            lines.append(
                f"{report.name} ({encoding}{report.records} records): {_summary(report.counts())}"
            )
            for item in report.created:
                lines.append(f"  created    {item.slug} (ERT {item.source_id}, line {item.line})")
            for item in report.updated:
                changed = ", ".join(item.changes)
                lines.append(f"  updated    {item.slug} (ERT {item.source_id}): {changed}")
            for label, issues in (
                ("rejected", report.rejected),
                ("skipped", report.skipped),
                ("note", report.notes),
            ):
                lines.extend(f"  {label:<10} {issue}" for issue in issues)
        lines.append(f"total: {_summary(self.counts())}")
        return lines


def _summary(counts: dict[str, int]) -> str:
    return (
        f"{counts['created']} created, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged, {counts['rejected']} rejected, "
        f"{counts['skipped']} skipped, {counts['outside']} outside the six towns"
    )
