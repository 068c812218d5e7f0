"""What schemathesis checks of the OpenAPI 3 document (run against gunicorn by contract/cli.py,
from the test suite and from the command line).

schemathesis's own engine (what `schemathesis run` drives) runs its phases (examples,
coverage, fuzzing, stateful) over every operation with every check it has: no 5xx; status
codes, content types, headers and bodies as documented for every media type (JSON,
problem+json, JSON-LD, GeoJSON, CSV, iCalendar, sparse fieldsets); negative data rejected;
missing required headers refused; undeclared methods a 405 with Allow; declared auth enforced
(each authenticated case is sent again without and with bad credentials).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import schemathesis
from schemathesis.engine import events, from_schema

IDENTITIES = ("anonymous", "editor", "admin")
PHASES = {
    # The coverage phase (boundary values of every parameter and body, missing headers,
    # undeclared methods: a fixed ~3000 cases whatever the examples say) is the dear one: the
    # admin, who reaches every operation's validation, runs it and the stateful sequences (use
    # after delete, resource availability, object-level authorization); what depends on who
    # calls is fuzzed for all three.
    "anonymous": ("examples", "fuzzing"),
    "editor": ("examples", "fuzzing"),
    "admin": ("examples", "coverage", "fuzzing", "stateful"),
}
EVERY_PHASE = ("examples", "coverage", "fuzzing", "stateful")

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
# A write without If-Match is refused with 428 Precondition Required.
MISSING_HEADER = ["400", "401", "403", "406", "415", "422", "428"]


def config(examples: int, phases: tuple[str, ...], workers: int = 1) -> schemathesis.Config:
    """Reproducible (a fixed seed, no example database), nothing written to the working tree."""
    return schemathesis.Config.from_dict(
        {
            "workers": workers,
            "seed": 2015,
            "generation": {"max-examples": examples, "deterministic": True, "database": "none"},
            "cache": {"enabled": False},
            "phases": {phase: {"enabled": phase in phases} for phase in EVERY_PHASE},
            "checks": {
                "positive_data_acceptance": {"expected-statuses": SEMANTIC_REFUSALS},
                "negative_data_rejection": {"expected-statuses": REJECTIONS},
                "missing_required_header": {"expected-statuses": MISSING_HEADER},
            },
        }
    )


def examples_for(identity: str, examples: int) -> int:
    """Anonymous callers get a third: every protected operation answers them 401 before
    reading anything."""
    return examples if identity != "anonymous" else max(1, examples // 3)


def bearer_auth(new_token: Callable[[], str]):
    """An auth provider that signs every case with a fresh bearer token: a case may revoke
    the token it was given (signing out, revoking a token by id), and the next case must not
    start signed out."""

    class FreshToken:
        def get(self, case, context):
            return new_token()

        def set(self, case, data, context):
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}

    return FreshToken


@dataclass
class Outcome:
    """One identity's run: the operations it reached, its failures by label."""

    identity: str
    tested: set[str] = field(default_factory=set)
    failures: dict[str, str] = field(default_factory=dict)


def run(schema, identity: str, new_token: Callable[[], str] | None) -> Outcome:
    if new_token is not None:
        schema.auth(refresh_interval=None)(bearer_auth(new_token))
    outcome = Outcome(identity)
    for event in from_schema(schema).execute():
        _record(outcome, event)
    return outcome


def _record(outcome: Outcome, event) -> None:
    who, failures = outcome.identity, outcome.failures
    if isinstance(event, events.ScenarioFinished):
        if event.phase.value != "stateful":
            outcome.tested.add(event.recorder.label)
        for checks in event.recorder.checks.values():
            for check in checks:
                if check.failure_info is not None:
                    failure = check.failure_info.failure
                    key = f"{who} {event.recorder.label} [{event.phase.value}] {check.name}"
                    failures[key] = "\n".join(
                        (failure.title, failure.message, check.failure_info.code_sample)
                    )
    elif isinstance(event, events.NonFatalError):
        failures[f"{who} {event.label} error"] = repr(event.value)
    elif isinstance(event, events.FatalError):
        failures[f"{who} fatal"] = repr(event.exception)
    elif isinstance(event, events.EngineFinished):
        for failure in event.failures:
            failures[f"{who} {failure.operation} after run"] = failure.title


def write_report(path: str, failures: dict[str, str]) -> None:
    """The failures in full, each with a curl command that reproduces it."""
    with open(path, "w", encoding="utf-8") as report:
        for label, text in sorted(failures.items()):
            report.write(f"== {label}\n{text}\n")
