"""`python -m soak`: options, then one run per database (SQLite always; PostgreSQL too when
DATABASE_URL points at a PostgreSQL server, in its own `distretto_soak` database)."""

import argparse
import os
import tempfile
import time
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path

from bench.database import is_postgres
from soak import report, traffic
from soak.client import TIMEOUT
from soak.databases import (
    postgres_database,
    prepare,
    server_version,
    sqlite_database,
)
from soak.server import Gunicorn, gunicorn
from soak.verify import verify

SHORT = {"clients": 16, "duration": 8.0}
LONG = {"clients": 64, "duration": 60.0}


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m soak",
        description="Mixed partner reads and editor writes against gunicorn on loopback, then "
        "a check in the database that no acknowledged write was lost.",
    )
    parser.add_argument("--short", action="store_true", help="CI: 16 clients for 8 s")
    parser.add_argument("--duration", type=_positive, help="seconds of load (default 60)")
    parser.add_argument("--clients", type=int, help="concurrent clients (default 64)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument(
        "--threads", type=int, default=1,
        help="threads per worker; more than 1 uses the gthread worker class (default 1: sync)",
    )  # fmt: skip
    parser.add_argument(
        "--backend", choices=("auto", "sqlite", "postgresql"), default="auto",
        help="auto: SQLite, and PostgreSQL too when DATABASE_URL points at one",
    )  # fmt: skip
    parser.add_argument("--results", type=Path, default=report.RESULTS_DIR)
    options = parser.parse_args(argv)
    for name, value in (SHORT if options.short else LONG).items():
        if getattr(options, name) is None:
            setattr(options, name, value)
    if not 1 <= options.clients <= 256:
        parser.error("--clients must be between 1 and 256")
    return options


def _positive(value: str) -> float:
    number = float(value)
    if not 0 < number <= 3600:
        raise argparse.ArgumentTypeError("between 0 and 3600 seconds")
    return number


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


def soak(backend: str, url: str, options: argparse.Namespace) -> dict:
    """Prepare the database, serve it, drive the clients, verify; the report document."""
    started = datetime.now(UTC).replace(microsecond=0)
    load_at_start = report.load_average()
    settings = Gunicorn(workers=options.workers, threads=options.threads)
    catalogue = prepare(url)
    with tempfile.TemporaryDirectory(prefix="distretto-soak-log-") as folder:
        log = Path(folder) / "gunicorn.log"
        with gunicorn(settings, url, log) as server:
            tokens = traffic.sign_in(server.port, catalogue.editors)
            client_cpu = time.process_time()
            outcomes, began, seconds = traffic.run(
                server.port, catalogue, tokens, options.clients, options.duration
            )
            client_cpu = time.process_time() - client_cpu
        log_text = log.read_text(errors="replace")
    document = {
        "started_at": started.isoformat(),
        "backend": backend,
        "database_version": server_version(url),
        "settings": {
            "short": options.short,
            "clients": options.clients,
            "duration": options.duration,
            "gunicorn": settings.describe(),
            "rate_limiting": False,
            "editor_towns": sorted(tokens),
            "write_share": traffic.WRITE_SHARE,
            "request_timeout_s": TIMEOUT,
        },
        "machine": report.machine(load_at_start) | {"clients_cpu_seconds": round(client_cpu, 1)},
        **report.figures(outcomes, began, seconds),
        "verification": verify(url, outcomes),
        "server_log": report.server_log(log_text),
    }
    document["failures"] = report.verdict(document)
    return document


def main(argv: list[str] | None = None) -> int:
    options = parse(argv)
    failed = False
    for backend, database in databases(options.backend):
        began = time.monotonic()
        with database as url:
            document = soak(backend, url, options)
        document["wall_seconds"] = round(time.monotonic() - began, 1)
        path = report.save(document, options.results)
        print(f"{report.table(document)}\nresults: {path} ({document['wall_seconds']} s)\n")
        failed |= bool(document["failures"])
    return 1 if failed else 0
