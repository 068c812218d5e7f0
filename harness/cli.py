"""The command-line pieces `python -m bench` and `python -m soak` share: --backend, the
defaults of a mode (--quick, --short), and one scratch database per backend to run on."""

import argparse
import os
from contextlib import AbstractContextManager

from harness.databases import is_postgres, postgres_database, sqlite_database


def add_backend(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--backend", choices=("auto", "sqlite", "postgresql"), default="auto",
        help="auto: SQLite, and PostgreSQL too when DATABASE_URL points at one",
    )  # fmt: skip


def fill_defaults(options: argparse.Namespace, defaults: dict) -> None:
    """Options left out take the mode's value; the ones given explicitly win."""
    for name, value in defaults.items():
        if getattr(options, name) is None:
            setattr(options, name, value)


def databases(backend: str, name: str) -> list[tuple[str, AbstractContextManager[str]]]:
    """(backend, scratch database): a SQLite file `<name>.sqlite3`, and `distretto_<name>` on
    the PostgreSQL server of DATABASE_URL."""
    server = os.environ.get("DATABASE_URL")
    chosen = []
    if backend in ("auto", "sqlite"):
        chosen.append(("sqlite", sqlite_database(name)))
    if backend == "postgresql" or (backend == "auto" and is_postgres(server)):
        if not is_postgres(server):
            raise SystemExit("--backend postgresql needs DATABASE_URL=postgresql+psycopg://...")
        chosen.append(("postgresql", postgres_database(server, f"distretto_{name}")))
    return chosen
