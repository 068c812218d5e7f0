"""Flask CLI commands: `flask --app wsgi db upgrade|check`, `seed`, `serve`."""

from contextlib import contextmanager

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext

from api.cli_data import register_data_commands
from api.cli_planner import register_planner_commands
from api.database import get_database
from api.read_model.store import is_ready, rebuild
from catalog import migrate
from catalog.access import account_admin
from catalog.access.accounts import create_user
from catalog.data.seeding import load_seeds
from catalog.errors import Conflict, InvalidData, NotFound


def register_cli(app: Flask) -> None:
    app.cli.add_command(db)
    app.cli.add_command(seed)
    app.cli.add_command(users)
    register_data_commands(app)
    register_planner_commands(app)


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
    with database.write_session_factory.begin() as session:
        report = load_seeds(session)
        if not is_ready(session):
            rebuild(session)
            click.echo("read model rebuilt")
    click.echo(
        f"seeded: {len(report.created)} created, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged"
    )


users = AppGroup("users", help="Accounts of tourism offices and the district.")
PASSWORD_HELP = "12 to 128 characters, not easy to guess (checked with zxcvbn)."


@users.command(
    "create", help="Create a user; the password comes from DISTRETTO_PASSWORD or a prompt."
)
@click.argument("email")
@click.option("--organisation", required=True, help="Organisation slug: a town, or distretto.")
@click.option("--role", type=click.Choice(["editor", "admin"]), required=True)
@click.password_option(envvar="DISTRETTO_PASSWORD", help=PASSWORD_HELP)
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


@users.command("list", help="Every account: id, email, role, organisation, active or not.")
def users_list() -> None:
    with get_database().session_factory.begin() as session:
        for user in account_admin.list_users(session, account_admin.CONSOLE):
            state = "active" if user.active else "deactivated"
            click.echo(f"{user.id}\t{user.email}\t{user.role}\t{user.organisation.slug}\t{state}")


@users.command(
    "deactivate", help="Off-board a user: they cannot sign in and every token is revoked."
)
@click.argument("email")
def users_deactivate(email: str) -> None:
    with _account_change() as session:
        user = account_admin.deactivate_user(session, account_admin.CONSOLE, email)
        click.echo(f"deactivated {user.email}; their tokens are revoked")


@users.command("activate", help="Let a deactivated user sign in again.")
@click.argument("email")
def users_activate(email: str) -> None:
    with _account_change() as session:
        user = account_admin.activate_user(session, account_admin.CONSOLE, email)
        click.echo(f"activated {user.email}")


@users.command(
    "set-password",
    help="Reset a user's password (from DISTRETTO_PASSWORD or a prompt) and revoke their tokens.",
)
@click.argument("email")
@click.password_option(envvar="DISTRETTO_PASSWORD", help=PASSWORD_HELP)
def users_set_password(email: str, password: str) -> None:
    with _account_change() as session:
        user = account_admin.reset_password(session, account_admin.CONSOLE, email, password)
        click.echo(f"new password set for {user.email}; their tokens are revoked")


@users.command("revoke-tokens", help="Sign a user out everywhere: revoke all their tokens.")
@click.argument("email")
def users_revoke_tokens(email: str) -> None:
    with _account_change() as session:
        revoked = account_admin.revoke_user_tokens(session, account_admin.CONSOLE, email)
        click.echo(f"revoked {revoked} token(s) of {email.strip().lower()}")


@contextmanager
def _account_change():
    """One transaction; a refusal is a one-line error (exit 1) and nothing is written."""
    try:
        with get_database().session_factory.begin() as session:
            yield session
    except (InvalidData, NotFound) as error:
        details = getattr(error, "errors", None) or {"": [error.detail]}
        lines = [f"{field}: {', '.join(map(str, messages))}" for field, messages in details.items()]
        raise click.ClickException("; ".join(lines)) from error
