"""A CSV file as records with the line each starts on, or a clear refusal.

Rows are kept as read (a row may have more or fewer fields than the header: the importer
rejects it with its line). What stops the run is a file that cannot be trusted as a whole:
undecodable bytes, control codes, broken quoting, or a last record cut short.
"""

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from catalog.data.importers.decoding import decode, repair_mojibake
from catalog.data.importers.errors import ImportAborted


@dataclass(frozen=True)
class CsvRecord:
    line: int
    """The physical line the record starts on (the header is line 1)."""
    fields: list[str]


@dataclass(frozen=True)
class CsvFile:
    name: str
    encoding: str
    header: list[str]
    records: list[CsvRecord]
    repaired: int
    """How many fields had mojibake repaired."""


def read_csv_file(path: Path) -> CsvFile:
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ImportAborted(f"{name}: cannot read the file: {error.strerror}") from error
    text, encoding = decode(raw, name)
    rows = _parse(text, name)
    if not rows:
        raise ImportAborted(f"{name}: the file is empty (no header)")
    _refuse_truncated_end(text, rows, name)
    header = rows[0][1]
    repaired = 0
    records = []
    for line, fields in rows[1:]:
        fixed = [repair_mojibake(value) for value in fields]
        repaired += sum(a != b for a, b in zip(fields, fixed, strict=True))
        records.append(CsvRecord(line, fixed))
    return CsvFile(name, encoding, [column.strip() for column in header], records, repaired)


def _parse(text: str, name: str) -> list[tuple[int, list[str]]]:
    """(start line, fields) for each non-blank row; strict quoting, so damage is not guessed."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows = []
    start = 1
    try:
        for fields in reader:
            if any(value.strip() for value in fields):
                rows.append((start, fields))
            start = reader.line_num + 1
    except csv.Error as error:
        raise ImportAborted(
            f"{name}:{start}: malformed CSV ({error}): the file is truncated or corrupted"
        ) from error
    return rows


def _refuse_truncated_end(text: str, rows: list, name: str) -> None:
    """A last record without its line end and with fields missing was cut off mid-write."""
    line, fields = rows[-1]
    if len(rows) > 1 and not text.endswith(("\n", "\r")) and len(fields) < len(rows[0][1]):
        raise ImportAborted(
            f"{name}:{line}: the file ends in the middle of a record "
            f"({len(fields)} of {len(rows[0][1])} fields): truncated"
        )
