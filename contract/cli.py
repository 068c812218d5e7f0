"""`python -m contract`: schemathesis against gunicorn, from the OpenAPI 3 document the
server publishes, anonymous, as a town's editor and as an admin; every operation, every
check. One run per database (SQLite always; PostgreSQL too when DATABASE_URL points at a
PostgreSQL server, in its own `distretto_contract` database). Exits 1 on any failure."""

import argparse
import secrets
import tempfile
import time
from pathlib import Path

import schemathesis

from contract import fuzz
from contract.identities import Identities
from harness.cli import add_backend, databases
from harness.servers import Gunicorn, gunicorn

SHORT_EXAMPLES = 8
LONG_EXAMPLES = 60


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m contract",
        description="schemathesis against gunicorn on loopback: every documented operation, "
        "every check, anonymous, as an editor and as an admin.",
    )
    parser.add_argument(
        "--short", action="store_true",
        help=f"CI: {SHORT_EXAMPLES} generated cases per operation (default {LONG_EXAMPLES})",
    )  # fmt: skip
    parser.add_argument("--examples", type=int, help="generated cases per operation")
    parser.add_argument("--report", type=Path, help="write every failure in full to this file")
    add_backend(parser)
    options = parser.parse_args(argv)
    if options.examples is None:
        options.examples = SHORT_EXAMPLES if options.short else LONG_EXAMPLES
    if not 1 <= options.examples <= 10_000:
        parser.error("--examples must be between 1 and 10000")
    return options


def check(url: str, examples: int) -> dict[str, str]:
    """Serve the database with gunicorn and fuzz it; the failures by label."""
    identities = Identities.prepare(url)
    env = {"DATABASE_URL": url, "RATELIMIT_ENABLED": "false", "SECRET_KEY": secrets.token_hex(32)}
    failures = {}
    with (
        tempfile.TemporaryDirectory(prefix="distretto-contract-log-") as folder,
        gunicorn("app", "wsgi:app", Gunicorn(workers=2), env, Path(folder)) as server,
    ):
        document = f"http://{server.address[0]}:{server.port}/api/v1/openapi.json"
        for identity in fuzz.IDENTITIES:
            outcome = _fuzz(document, identity, examples, identities)
            print(f"  {identity}: {len(outcome.tested)} operations, "
                  f"{len(outcome.failures)} failures", flush=True)  # fmt: skip
            if len(outcome.tested) < 50:
                outcome.failures[f"{identity} reach"] = "fewer than 50 operations reached"
            failures.update(outcome.failures)
        log = server.log.read_text(errors="replace")
    identities.engine.dispose()
    if "Traceback" in log:
        failures["server log"] = log[-4000:]
    return failures


def _fuzz(document: str, identity: str, examples: int, identities: Identities) -> fuzz.Outcome:
    settings = fuzz.config(fuzz.examples_for(identity, examples), fuzz.PHASES[identity], 2)
    schema = schemathesis.openapi.from_url(document, config=settings)
    return fuzz.run(schema, identity, identities.token_maker(identity))


def main(argv: list[str] | None = None) -> int:
    options = parse(argv)
    failures = {}
    for backend, database in databases(options.backend, "contract"):
        began = time.monotonic()
        print(f"== contract on {backend}: {options.examples} cases per operation", flush=True)
        with database as url:
            found = {
                f"{backend} {label}": text for label, text in check(url, options.examples).items()
            }
        print(f"   {len(found)} failures in {time.monotonic() - began:.0f} s", flush=True)
        failures.update(found)
    for label in sorted(failures):
        print(f"FAILED {label}")
    if options.report:
        fuzz.write_report(str(options.report), failures)
    return 1 if failures else 0
