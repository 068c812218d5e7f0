"""The partners' contract, checked as a partner meets it: schemathesis against gunicorn, from
the OpenAPI 3 document the server publishes, anonymous, as a town's editor and as an admin,
every operation, every check (contract/fuzz.py says which). The server runs on a scratch
database of the leg's backend (a SQLite file, or its own PostgreSQL database): the fuzzing
writes, and what it writes must not reach the other tests.

DISTRETTO_FUZZ_EXAMPLES sets the generated cases per operation (default 8; `python -m
contract` runs 60); DISTRETTO_FUZZ_REPORT names a file for the failures in full, each with a
curl command that reproduces it.
"""

import os

from contract import fuzz
from contract.cli import check
from harness.databases import is_postgres, postgres_database, sqlite_database

MAX_EXAMPLES = int(os.environ.get("DISTRETTO_FUZZ_EXAMPLES", "8"))


def test_every_operation_keeps_its_contract_on_gunicorn(database_url):
    if is_postgres(database_url):
        scratch = postgres_database(database_url, "distretto_contract_test")
    else:
        scratch = sqlite_database("contract-test")
    with scratch as url:
        failures = check(url, MAX_EXAMPLES)
    if os.environ.get("DISTRETTO_FUZZ_REPORT"):
        fuzz.write_report(os.environ["DISTRETTO_FUZZ_REPORT"], failures)
    assert failures == {}, sorted(failures)
