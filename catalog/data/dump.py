"""The whole catalogue as one versioned JSON document, and back into an empty database.

Generic over the models' tables (`Base.metadata.sorted_tables`), so a table added later is
exported and restored without code changes. Rows keep their ids and come ordered by primary
key, values are JSON (timestamps ISO 8601 in UTC), so export -> restore -> export gives the
same document, on SQLite, on PostgreSQL, and from one to the other.
"""

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import IO

from alembic.runtime.migration import MigrationContext
from sqlalchemy import JSON, Connection, Engine, Integer, Table, bindparam, func, select, text

from catalog.errors import CatalogError
from catalog.models import Base
from catalog.models.base import utcnow

FORMAT = "distretto-dump"
VERSION = 1
NEVER_EXPORTED = frozenset({"api_tokens", "login_failures"})
"""Bearer tokens are secrets and failed logins are ephemeral: neither moves with the data."""
SECRET_COLUMNS = {"users": ("password_hash",), "api_keys": ("digest",)}
"""Left out unless asked for (`include_secrets=True`)."""
UNUSABLE_SECRET = "!restored-without-secret"
"""What a row restored without its secret gets (with its id, as digests are unique): no
password or key ever hashes to it, so the user must reset the password, the key be reissued."""
MIGRATION_ROWS = frozenset({"catalog_state"})
"""Tables whose rows the migrations insert: a fresh database already has them, and a restore
replaces them with the document's."""

Progress = Callable[[str], object] | None


class DumpError(CatalogError):
    """The document or the target database is not fit for a restore; nothing was written."""


def exported_tables() -> list[Table]:
    """Every table of the models, parents before children, but tokens and login failures."""
    return [table for table in Base.metadata.sorted_tables if table.name not in NEVER_EXPORTED]


def export_dump(
    connection: Connection, *, include_secrets: bool = False, progress: Progress = None
) -> dict:
    """The document; read it in one transaction (see `snapshot`) so the tables agree."""
    tables = {}
    for table in exported_tables():
        hidden = () if include_secrets else SECRET_COLUMNS.get(table.name, ())
        columns = [column for column in table.columns if column.name not in hidden]
        keys = [columns.index(column) for column in table.primary_key.columns]
        rows = sorted(
            connection.execute(select(*columns)).all(),
            key=lambda row, keys=keys: tuple(row[i] for i in keys),
        )
        tables[table.name] = [
            {column.name: _to_json(value) for column, value in zip(columns, row, strict=True)}
            for row in rows
        ]
        if progress:
            progress(table.name)
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": utcnow().isoformat(),
        "alembic_revision": current_revision(connection),
        "tables": tables,
    }


def import_dump(connection: Connection, document: dict, *, progress: Progress = None) -> dict:
    """Restore into an empty database at the document's revision; {table: rows restored}.

    Ids are kept; on PostgreSQL the sequences are moved past them so later inserts work.
    The caller owns the transaction: on any error, roll back and the database stays empty.
    """
    _check_document(document)
    _check_revision(connection, document["alembic_revision"])
    _check_empty(connection)
    restored = {}
    for table in exported_tables():
        rows = document["tables"].get(table.name, [])
        if table.name in MIGRATION_ROWS:
            connection.execute(table.delete())
        if rows:
            connection.execute(_insert(table), _rows_from_json(table, rows))
        restored[table.name] = len(rows)
        if progress:
            progress(table.name)
    _reset_sequences(connection)
    return restored


def write_dump(document: dict, stream: IO[str]) -> None:
    json.dump(document, stream, ensure_ascii=False, indent=1)
    stream.write("\n")


def read_dump(stream: IO[str]) -> dict:
    try:
        return json.load(stream)
    except json.JSONDecodeError as error:
        raise DumpError(f"not a JSON document: {error}") from error


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def snapshot(engine: Engine) -> Iterator[Connection]:
    """A read transaction that sees one state of every table, even while others write.

    SQLite transactions are snapshots already; PostgreSQL needs REPEATABLE READ for that.
    """
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            yield connection


def _to_json(value):
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        raise DumpError("binary columns are not supported by this dump format")
    return value


def _from_json(column, value):
    if value is None:
        return None
    type_ = getattr(column.type, "impl_instance", column.type)  # a TypeDecorator's own type
    try:
        python_type = type_.python_type
    except NotImplementedError:
        return value
    if python_type is datetime:
        return datetime.fromisoformat(value)
    if python_type is date:
        return date.fromisoformat(value)
    if python_type is time:
        return time.fromisoformat(value)
    if python_type is Decimal:
        return Decimal(value)
    return value


def _rows_from_json(table: Table, rows: list[dict]) -> list[dict]:
    unknown = {name for row in rows for name in row} - set(table.columns.keys())
    if unknown:
        raise DumpError(f"table {table.name} has no column {', '.join(sorted(unknown))}")
    secrets = SECRET_COLUMNS.get(table.name, ())
    names = [column.name for column in table.columns if any(column.name in r for r in rows)]
    names += [name for name in secrets if name not in names]
    result = []
    for row in rows:
        values = {name: _from_json(table.columns[name], row.get(name)) for name in names}
        for name in secrets:
            if values[name] is None:
                values[name] = f"{UNUSABLE_SECRET}:{row.get('id', len(result) + 1)}"
        result.append(values)
    return result


def _insert(table: Table):
    """None in a JSON column is stored as SQL NULL (as the ORM leaves it), not as JSON null."""
    json_columns = {
        column.name: bindparam(column.name, type_=JSON(none_as_null=True))
        for column in table.columns
        if isinstance(column.type, JSON)
    }
    return table.insert().values(json_columns) if json_columns else table.insert()


def _check_document(document) -> None:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise DumpError(f'not a Distretto dump (no "format": "{FORMAT}")')
    if document.get("version") != VERSION:
        raise DumpError(
            f"dump format version {document.get('version')!r} is not supported "
            f"(this code reads version {VERSION})"
        )
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise DumpError("the dump has no tables")
    known = {table.name for table in exported_tables()}
    unknown = sorted(set(tables) - known)
    if unknown:
        raise DumpError(f"the dump has tables this schema does not know: {', '.join(unknown)}")


def _check_revision(connection: Connection, wanted: str | None) -> None:
    current = current_revision(connection)
    if current is None:
        raise DumpError("the database is not migrated: run `flask --app wsgi db upgrade` first")
    if current != wanted:
        raise DumpError(
            f"the dump was written at schema revision {wanted}, the database is at {current}: "
            "restore with the code (and migrations) of the dump's revision"
        )


def _check_empty(connection: Connection) -> None:
    filled = []
    for table in Base.metadata.sorted_tables:
        if table.name in MIGRATION_ROWS:
            continue
        count = connection.scalar(select(func.count()).select_from(table))
        if count:
            filled.append(f"{table.name} ({count})")
    if filled:
        raise DumpError(
            f"the database is not empty, restore only into a new one: rows in {', '.join(filled)}"
        )


def _reset_sequences(connection: Connection) -> None:
    """PostgreSQL hands out ids from sequences that know nothing of inserted ids."""
    if connection.dialect.name != "postgresql":
        return
    for table in Base.metadata.sorted_tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, Integer):
            continue
        column = keys[0].name
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:table, :column), "
                f'coalesce(max("{column}"), 1), max("{column}") IS NOT NULL) FROM "{table.name}"'
            ),
            {"table": table.name, "column": column},
        )
