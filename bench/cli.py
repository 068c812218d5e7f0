"""`python -m bench`: options, then one run per database (SQLite always; PostgreSQL too when
DATABASE_URL points at a PostgreSQL server, in its own `distretto_bench` database)."""

import argparse
from pathlib import Path

from bench import report, runner
from bench.load import choose_tool
from bench.scenarios import NAMES
from harness import results
from harness.cli import add_backend, databases, fill_defaults

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
    add_backend(parser)
    parser.add_argument(
        "--results", type=Path, default=report.RESULTS_DIR, help="where the JSON files go"
    )
    options = parser.parse_args(argv)
    fill_defaults(options, QUICK if options.quick else DEFAULTS)
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
    for backend, database in databases(options.backend, "bench"):
        with database as url:
            document = runner.run(backend, url, settings)
        path = results.save(document, options.results, "quick" if options.quick else None)
        tables.append(f"{report.table(document)}\nresults: {path}")
        print(tables[-1] + "\n", flush=True)
    return 0
