"""`python -m soak`: options, then one run per database (SQLite always; PostgreSQL too when
DATABASE_URL points at a PostgreSQL server, in its own `distretto_soak` database)."""

import argparse
import secrets
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from harness import results
from harness.cli import add_backend, databases, fill_defaults
from harness.databases import server_version
from harness.machine import load_average
from harness.servers import Gunicorn, gunicorn
from soak import report, traffic
from soak.client import TIMEOUT
from soak.databases import prepare
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
    add_backend(parser)
    parser.add_argument("--results", type=Path, default=report.RESULTS_DIR)
    options = parser.parse_args(argv)
    fill_defaults(options, SHORT if options.short else LONG)
    if not 1 <= options.clients <= 256:
        parser.error("--clients must be between 1 and 256")
    return options


def _positive(value: str) -> float:
    number = float(value)
    if not 0 < number <= 3600:
        raise argparse.ArgumentTypeError("between 0 and 3600 seconds")
    return number


def soak(backend: str, url: str, options: argparse.Namespace) -> dict:
    """Prepare the database, serve it, drive the clients, verify; the report document."""
    started = datetime.now(UTC).replace(microsecond=0)
    load_at_start = load_average()
    settings = Gunicorn(workers=options.workers, threads=options.threads)
    catalogue = prepare(url)
    env = {"DATABASE_URL": url, "RATELIMIT_ENABLED": "false", "SECRET_KEY": secrets.token_hex(32)}
    with tempfile.TemporaryDirectory(prefix="distretto-soak-log-") as folder:
        with gunicorn("app", "wsgi:app", settings, env, Path(folder)) as server:
            tokens = traffic.sign_in(server.port, catalogue.editors)
            client_cpu = time.process_time()
            outcomes, began, seconds = traffic.run(
                server.port, catalogue, tokens, options.clients, options.duration
            )
            client_cpu = time.process_time() - client_cpu
        log_text = server.log.read_text(errors="replace")
    document = {
        "started_at": started.isoformat(),
        "backend": backend,
        "database_version": " ".join(server_version(url)),
        "settings": {
            "short": options.short,
            "clients": options.clients,
            "duration": options.duration,
            "gunicorn": settings.describe("workers", "worker_class", "threads", "timeout"),
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
    for backend, database in databases(options.backend, "soak"):
        began = time.monotonic()
        with database as url:
            document = soak(backend, url, options)
        document["wall_seconds"] = round(time.monotonic() - began, 1)
        path = results.save(document, options.results, "short" if options.short else None)
        print(f"{report.table(document)}\nresults: {path} ({document['wall_seconds']} s)\n")
        failed |= bool(document["failures"])
    return 1 if failed else 0
