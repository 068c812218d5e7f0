"""Contract fuzzing with schemathesis, in process, from the OpenAPI 3 document.

schemathesis's own engine (what `schemathesis run` drives) runs its phases (examples,
coverage, fuzzing, stateful) over every operation with every check it has: no 5xx; status
codes, content types, headers and bodies as documented for every media type (JSON,
problem+json, JSON-LD, GeoJSON, CSV, iCalendar, sparse fieldsets); negative data rejected;
missing required headers refused; undeclared methods a 405 with Allow; declared auth enforced
(each authenticated case is sent again without and with bad credentials). Once per identity:
anonymous, a town's editor and an admin. DISTRETTO_FUZZ_EXAMPLES sets the fuzzing phase's
cases per operation (anonymous callers get a third: every protected operation answers them
401 before reading anything); DISTRETTO_FUZZ_REPORT names a file for the failures in full,
each with a curl command that reproduces it.
"""

import os
from datetime import timedelta

import pytest
import schemathesis
from schemathesis.engine import events, from_schema
from schemathesis.transport.wsgi import WSGITransport
from sqlalchemy import select

MAX_EXAMPLES = int(os.environ.get("DISTRETTO_FUZZ_EXAMPLES", "8"))
IDENTITIES = {"anonymous": None, "editor": "maranello@example.org", "admin": "admin@example.org"}
PHASES = {
    # The coverage phase (boundary values of every parameter and body, missing headers,
    # undeclared methods: a fixed ~3000 cases whatever DISTRETTO_FUZZ_EXAMPLES says) is the
    # dear one: the admin, who reaches every operation's validation, runs it and the stateful
    # sequences (use after delete, resource availability, object-level authorization); what
    # depends on who calls is fuzzed for all three.
    "anonymous": ("examples", "fuzzing"),
    "editor": ("examples", "fuzzing"),
    "admin": ("examples", "coverage", "fuzzing", "stateful"),
}

# Positive data may still be refused for reasons OpenAPI cannot state: a slug that does not
# exist (404/400/422), parameters that exclude or need each other (400: open_at with
# open_now, start or hub, to before from), a stale or missing If-Match (412/428), a name
# already taken (409), a query string over 2 KB (414, before any parameter is read), and
# credentials that do not reach the operation (401/403).
SEMANTIC_REFUSALS = [
    "2xx", "3xx", "400", "401", "403", "404", "409", "412", "414", "422", "428", "429",
]  # fmt: skip
# Negative data is refused; a malformed If-Match is read before the body (412).
REJECTIONS = [
    "400", "401", "403", "404", "405", "406", "409", "412", "414", "415", "422", "428", "429",
]  # fmt: skip


def config(examples: int, phases: tuple[str, ...]) -> schemathesis.Config:
    every = ("examples", "coverage", "fuzzing", "stateful")
    return schemathesis.Config.from_dict(
        {
            "workers": 1,
            "seed": 2015,
            # Reproducible, and nothing written to the working tree (.hypothesis, .schemathesis).
            "generation": {"max-examples": examples, "deterministic": True, "database": "none"},
            "cache": {"enabled": False},
            "phases": {phase: {"enabled": phase in phases} for phase in every},
            "checks": {
                "positive_data_acceptance": {"expected-statuses": SEMANTIC_REFUSALS},
                "negative_data_rejection": {"expected-statuses": REJECTIONS},
                # A write without If-Match is refused with 428 Precondition Required.
                "missing_required_header": {
                    "expected-statuses": ["400", "401", "403", "406", "415", "422", "428"]
                },
            },
        }
    )


@pytest.fixture
def in_process_probes(monkeypatch):
    """schemathesis 4 sends its auth probes (ignored_auth: the same case without and with
    invalid credentials) with the engine's socket settings, which its WSGI transport passes
    on to werkzeug's test client only to fail (`max_redirects`): in process they mean
    nothing, so they are dropped here."""
    send = WSGITransport.send

    def without_socket_settings(self, case, *, session=None, **kwargs):
        for name in ("max_redirects", "verify", "cert", "proxies"):
            kwargs.pop(name, None)
        return send(self, case, session=session, **kwargs)

    monkeypatch.setattr(WSGITransport, "send", without_socket_settings)


def _signer(session, email: str):
    """An auth provider that signs every case with a fresh bearer token: a case may revoke
    the token it was given (signing out, revoking a token by id), and the next case must not
    start signed out."""
    from catalog.access.accounts import issue_token
    from catalog.models import User

    class FreshToken:
        def get(self, case, context):
            user = session.scalar(select(User).where(User.email == email))
            token = issue_token(session, user, timedelta(hours=1)).secret
            session.flush()
            return token

        def set(self, case, data, context):
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}

    return FreshToken


def _run(app, session, identity: str) -> tuple[int, dict[str, str]]:
    """(operations tested, failures by label) of one identity's run."""
    examples = MAX_EXAMPLES if IDENTITIES[identity] else max(1, MAX_EXAMPLES // 3)
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json", app, config=config(examples, PHASES[identity])
    )
    if IDENTITIES[identity]:
        schema.auth(refresh_interval=None)(_signer(session, IDENTITIES[identity]))
    tested, failures = set(), {}
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            if event.phase.value != "stateful":
                tested.add(event.recorder.label)
            for checks in event.recorder.checks.values():
                for check in checks:
                    if check.failure_info is not None:
                        failure = check.failure_info.failure
                        key = (
                            f"{identity} {event.recorder.label} [{event.phase.value}] {check.name}"
                        )
                        failures[key] = "\n".join(
                            (failure.title, failure.message, check.failure_info.code_sample)
                        )
        elif isinstance(event, events.NonFatalError):
            failures[f"{identity} {event.label} error"] = repr(event.value)
        elif isinstance(event, events.FatalError):
            failures[f"{identity} fatal"] = repr(event.exception)
        elif isinstance(event, events.EngineFinished):
            for failure in event.failures:
                failures[f"{identity} {failure.operation} after run"] = failure.title
    return len(tested), failures


def test_every_operation_keeps_its_contract(app, tokens, session, in_process_probes):
    failures = {}
    for identity in IDENTITIES:
        tested, found = _run(app, session, identity)
        assert tested >= 50, "the fuzzing must reach every operation"
        failures.update(found)
    if os.environ.get("DISTRETTO_FUZZ_REPORT"):
        with open(os.environ["DISTRETTO_FUZZ_REPORT"], "w", encoding="utf-8") as report:
            for label, text in sorted(failures.items()):
                report.write(f"== {label}\n{text}\n")
    assert failures == {}
