"""`python -m bench`: options, then one run per database (SQLite always; PostgreSQL too when
DATABASE_URL points at a PostgreSQL server, in its own `distretto_bench` database)."""

import argparse
import os
from contextlib import AbstractContextManager
from pathlib import Path

from bench import report, runner
from bench.database import is_postgres, postgres_database, sqlite_database
from bench.load import choose_tool
from bench.scenarios import NAMES

QUICK = {"listings": 1000, "duration": 3.0, "warmup": 0.5}
DEFAULTS = {"listings": 10000, "duration": 10.0, "warmup": 1.0}


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Benchmark Distretto against a synthetic catalogue and a WSGI ceiling.",
    )
    parser.add_argument("--duration", type=float, help="seconds per scenario (default 10)")
    parser.add_argument("--connections", type=int, default=16, help="(default 16)")
    parser.add_argument(
        "--listings", type=_at_least_100, help="synthetic listings (default 10000, at least 100)"
    )
    parser.add_argument(
        "--only", type=_scenarios, default=(), metavar="SCENARIO",
        help=f"one scenario, or several separated by commas: {', '.join(NAMES)}",
    )  # fmt: skip
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: 1000 listings, 3 s per scenario (explicit options still win)",
    )
    parser.add_argument("--warmup", type=float, help="seconds of unmeasured load (default 1)")
    parser.add_argument(
        "--tool", choices=("auto", "wrk", "python"), default="auto",
        help="load generator: wrk when installed (auto), or the Python one",
    )  # fmt: skip
    parser.add_argument(
        "--backend", choices=("auto", "sqlite", "postgresql"), default="auto",
        help="auto: SQLite, and PostgreSQL too when DATABASE_URL points at one",
    )  # fmt: skip
    parser.add_argument(
        "--results", type=Path, default=report.RESULTS_DIR, help="where the JSON files go"
    )
    options = parser.parse_args(argv)
    fallback = QUICK if options.quick else DEFAULTS
    for name, value in fallback.items():
        if getattr(options, name) is None:
            setattr(options, name, value)
    return options


def _at_least_100(value: str) -> int:
    number = int(value)
    if number < 100:
        raise argparse.ArgumentTypeError("at least 100 (the detail scenario reads the 42nd)")
    return number


def _scenarios(value: str) -> tuple[str, ...]:
    names = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [name for name in names if name not in NAMES]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown scenario {', '.join(unknown)}")
    return names


def databases(backend: str) -> list[tuple[str, AbstractContextManager[str]]]:
    server = os.environ.get("DATABASE_URL")
    chosen = []
    if backend in ("auto", "sqlite"):
        chosen.append(("sqlite", sqlite_database()))
    if backend == "postgresql" or (backend == "auto" and is_postgres(server)):
        if not is_postgres(server):
            raise SystemExit("--backend postgresql needs DATABASE_URL=postgresql+psycopg://...")
        chosen.append(("postgresql", postgres_database(server)))
    return chosen


def main(argv: list[str] | None = None) -> int:
    options = parse(argv)
    settings = runner.Settings(
        duration=options.duration,
        connections=options.connections,
        listings=options.listings,
        warmup=options.warmup,
        tool=choose_tool(options.tool),
        only=options.only,
        quick=options.quick,
    )
    tables = []
    for backend, database in databases(options.backend):
        with database as url:
            document = runner.run(backend, url, settings)
        path = report.save(document, options.results)
        tables.append(f"{report.table(document)}\nresults: {path}")
        print(tables[-1] + "\n", flush=True)
    return 0
