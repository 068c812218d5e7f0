"""Flask CLI commands: `flask --app wsgi db upgrade|check`, `seed`, `serve`."""

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext

from api.cli_data import register_data_commands
from api.database import get_database
from catalog import migrate
from catalog.access.accounts import create_user
from catalog.data.seeding import load_seeds
from catalog.errors import Conflict, InvalidData


def register_cli(app: Flask) -> None:
    app.cli.add_command(db)
    app.cli.add_command(seed)
    app.cli.add_command(users)
    register_data_commands(app)


db = AppGroup("db", help="Database schema migrations (Alembic).")


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
@with_appcontext
def seed() -> None:
    database = get_database()
    with database.session_factory.begin() as session:
        report = load_seeds(session)
    click.echo(
        f"seeded: {len(report.created)} created, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged"
    )


users = AppGroup("users", help="Accounts of tourism offices and the district.")


@users.command(
    "create", help="Create a user; the password comes from DISTRETTO_PASSWORD or a prompt."
)
@click.argument("email")
@click.option("--organisation", required=True, help="Organisation slug: a town, or distretto.")
@click.option("--role", type=click.Choice(["editor", "admin"]), required=True)
@click.password_option(envvar="DISTRETTO_PASSWORD", help="At least 12 characters.")
def users_create(email: str, organisation: str, role: str, password: str) -> None:
    database = get_database()
    try:
        with database.session_factory.begin() as session:
            user = create_user(session, email, password, organisation, role)
            click.echo(f"created {user.email} ({role} of {organisation})")
    except (InvalidData, Conflict) as error:
        details = getattr(error, "errors", None) or {"": [error.detail]}
        lines = [f"{field}: {', '.join(map(str, messages))}" for field, messages in details.items()]
        raise click.ClickException("; ".join(lines)) from error
