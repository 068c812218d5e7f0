"""Flask CLI commands for data in and out: `import ert|dump`, `export [dump|csv]`.

Each command is one transaction: it commits at the very end or not at all. Progress bars go
to stderr and only on a terminal, so logs and pipes get the report alone.
"""

import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from api.database import get_database
from api.locale import language_policy
from catalog.data import dump
from catalog.data.importers import ErtImport, ImportAborted, read_ert_file
from catalog.data.importers.ert import expand_paths
from catalog.listings.csv_export import published_listings, write_csv


def register_data_commands(app: Flask) -> None:
    app.cli.add_command(import_group)
    app.cli.add_command(export_group)


class DefaultCommandGroup(AppGroup):
    """A group that runs `default` when the first word is no command: `export PATH`."""

    default = "dump"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = [self.default, *args]
        return super().parse_args(ctx, args)


import_group = AppGroup("import", help="Load data: the region's open data, or a whole dump.")
export_group = DefaultCommandGroup(
    "export",
    help="Write the catalogue out: `export PATH` (the whole catalogue as JSON, same as "
    "`export dump PATH`) or `export csv PATH --lang xx` (published listings, one language).",
)


@import_group.command(
    "ert",
    help="Import Emilia-Romagna Turismo CSV dumps (files, or folders of them) for the six "
    "towns. Idempotent: matched by ERT id, updated in place. Bad rows are reported, not "
    "imported; an unreadable file stops the run and nothing is written.",
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Compute and print the report; write nothing.")
@click.option(
    "--publish", is_flag=True, help="Publish the listings it creates (closed places stay drafts)."
)
def import_ert(paths: tuple[Path, ...], dry_run: bool, publish: bool) -> None:
    with get_database().write_session_factory() as session:
        try:
            run = ErtImport(session, publish=publish)
            for path in expand_paths(paths):
                ert_file = read_ert_file(path)
                with _progress(len(ert_file.records), ert_file.name) as bar:
                    run.import_file(ert_file, progress=bar.update)
        except ImportAborted as error:
            session.rollback()
            raise click.ClickException(f"{error.detail}\nnothing was written") from error
        if dry_run:
            session.rollback()
        else:
            session.commit()
    for line in run.report.lines():
        click.echo(line)
    click.echo("dry run: nothing was written" if dry_run else "committed")


@import_group.command(
    "dump",
    help="Restore a dump written by `export` into an EMPTY database already migrated to the "
    "dump's revision (`flask --app wsgi db upgrade`). Users restored without password hashes "
    "must reset them.",
)
@click.argument("path", type=click.File("r", encoding="utf-8"))
def import_dump(path) -> None:
    try:
        document = dump.read_dump(path)
        with get_database().write_session_factory() as session:
            with _progress(len(dump.exported_tables()), "restoring") as bar:
                restored = dump.import_dump(
                    session.connection(), document, progress=lambda _name: bar.update(1)
                )
            session.commit()
    except dump.DumpError as error:
        raise click.ClickException(f"{error.detail}\nnothing was written") from error
    click.echo(
        f"restored {sum(restored.values())} rows in {len(restored)} tables "
        f"(schema revision {document['alembic_revision']})"
    )


@export_group.command("dump", help="The whole catalogue as versioned JSON (`-` for stdout).")
@click.argument("path", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--include-secrets",
    is_flag=True,
    help="Keep password hashes and API key digests (keep such a file private).",
)
def export_dump(path: str, include_secrets: bool) -> None:
    tables = len(dump.exported_tables())
    with dump.snapshot(get_database().engine) as connection, _progress(tables, "exporting") as bar:
        document = dump.export_dump(
            connection, include_secrets=include_secrets, progress=lambda _name: bar.update(1)
        )
    with _output(path, encoding="utf-8", newline="\n") as stream:
        dump.write_dump(document, stream)
    rows = sum(len(rows) for rows in document["tables"].values())
    click.echo(
        f"exported {rows} rows of {len(document['tables'])} tables "
        f"(schema revision {document['alembic_revision']})",
        err=path == "-",
    )


@export_group.command(
    "csv", help="Published listings as CSV in one language (UTF-8 with BOM; `-` for stdout)."
)
@click.argument("path", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--lang", required=True, help="A supported language code, e.g. it, en, de.")
def export_csv(path: str, lang: str) -> None:
    policy = language_policy()
    if lang not in policy.supported:
        raise click.BadParameter(
            f"{lang!r} is not one of: {', '.join(policy.supported)}", param_hint="--lang"
        )
    chain = policy.chain(lang)
    with get_database().session_factory() as session:
        listings = published_listings(session, chain)
        with _output(path, encoding="utf-8-sig", newline="", mode=0o644) as stream:
            count = write_csv(stream, listings, chain)
    click.echo(f"exported {count} published listings in {lang}", err=path == "-")


@contextmanager
def _progress(length: int, label: str):
    with click.progressbar(
        length=length, label=label, file=sys.stderr, hidden=not sys.stderr.isatty()
    ) as bar:
        yield bar


@contextmanager
def _output(path: str, *, encoding: str, newline: str, mode: int = 0o600):
    """stdout for "-"; otherwise a temporary file renamed into place once complete, so a
    failed run never leaves half a file (dumps stay private to their owner by default)."""
    if path == "-":
        yield click.get_text_stream("stdout")
        return
    target = Path(path)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".distretto-")
    try:
        with os.fdopen(handle, "w", encoding=encoding, newline=newline) as stream:
            yield stream
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
