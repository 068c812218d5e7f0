"""Flask CLI commands: `flask --app wsgi db upgrade|check`, `seed`, `serve`."""

import click
from flask import Flask

from api.database import get_database
from catalog import migrate
from catalog.seeding import load_seeds


def register_cli(app: Flask) -> None:
    app.cli.add_command(db)
    app.cli.add_command(seed)


@click.group(help="Database schema migrations (Alembic).")
def db() -> None:
    pass


@db.command("upgrade", help="Bring the database schema to the latest migration.")
def db_upgrade() -> None:
    migrate.upgrade(get_database().engine)
    click.echo("database is at the latest migration")


@db.command("check", help="Fail when the models and the migrations disagree.")
def db_check() -> None:
    changes = migrate.pending_model_changes(get_database().engine)
    if changes:
        raise click.ClickException(f"models and migrations disagree: {changes}")
    click.echo("models and migrations agree")


@click.command(help="Load the district's real data from seeds/ (idempotent).")
def seed() -> None:
    database = get_database()
    with database.session_factory.begin() as session:
        report = load_seeds(session)
    click.echo(
        f"seeded: {len(report.created)} created, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged"
    )
