"""`flask read-model rebuild|status`."""

import time

import click
from flask.cli import AppGroup

from api.database import get_database
from api.read_model.render import RENDERING
from api.read_model.store import count, is_ready, rebuild

read_model_commands = AppGroup("read-model", help="The listings' ready-to-send documents.")


@read_model_commands.command("rebuild", help="Render every listing's documents again.")
def rebuild_command() -> None:
    started = time.perf_counter()
    with get_database().write_session_factory.begin() as session:
        listings = rebuild(session)
        documents = count(session)
    seconds = time.perf_counter() - started
    click.echo(f"read model rebuilt: {listings} listings, {documents} documents in {seconds:.1f} s")


@read_model_commands.command("status", help="Whether reads use the documents.")
def status_command() -> None:
    with get_database().session_factory() as session:
        ready, documents = is_ready(session), count(session)
    state = "in use" if ready else "stale: reads use the presenters until a rebuild"
    click.echo(f"read model {RENDERING}: {documents} documents, {state}")
