"""Contract fuzzing with schemathesis, in process, from the published Swagger document.

Every operation gets positive and negative generated data and all default checks: no 5xx,
status codes, content types and bodies as documented, negative data rejected. Editor
operations run signed in as an admin, so they reach validation and the domain, not only 401.
(schemathesis's pytest plugin does not run under pytest 9, so the loop drives it directly.)
"""

import os

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance

JSON_TYPES = ("application/json", "application/problem+json")
MAX_EXAMPLES = int(os.environ.get("DISTRETTO_FUZZ_EXAMPLES", "12"))


# Positive data may still be refused for reasons Swagger 2.0 cannot state: a slug that does not
# exist (404/400/422), a stale or missing If-Match (412/428), a name already taken (409), a
# query string over 2 KB (414, before any parameter is read).
SEMANTIC_REFUSALS = [
    "2xx", "3xx", "400", "401", "403", "404", "409", "412", "414", "422", "428", "429",
]  # fmt: skip
REJECTIONS = [
    "400", "401", "403", "404", "405", "406", "409", "414", "415", "422", "428", "429", "5xx",
]  # fmt: skip
CONFIG = schemathesis.Config.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {"expected-statuses": SEMANTIC_REFUSALS},
            "negative_data_rejection": {"expected-statuses": REJECTIONS},
        }
    }
)


def _operations(app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/swagger.json", app, config=CONFIG)
    return [result.ok() for result in schema.get_all_operations()]


@schemathesis.check
def json_schema_conformance(ctx, response, case):
    """The schema check, for JSON bodies: Swagger 2.0 gives one 200 schema per operation, and
    the JSON-LD, GeoJSON, CSV and iCalendar representations (format=) are other documents. So is
    a sparse fieldset (fields=id,name): it leaves out properties the full schema requires."""
    if (case.query or {}).get("fields"):
        return None
    if response.headers.get("content-type", [""])[0].split(";")[0] in JSON_TYPES:
        return response_schema_conformance(ctx, response, case)
    return None


def _headers(operation, tokens) -> dict:
    """Signing out would revoke the admin token the other operations use: use another."""
    if operation.label == "DELETE /auth/token":
        return tokens["maranello"]
    return tokens["admin"]


def test_every_operation_keeps_its_contract(app, tokens):
    operations = _operations(app)
    assert len(operations) >= 30, "the fuzzing must reach every operation"
    failures = {}
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategy = operation.as_strategy(generation_mode=mode)

            @settings(
                max_examples=MAX_EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=strategy)
            def run(case):
                case.call_and_validate(
                    headers=_headers(operation, tokens),  # noqa: B023 - run() is called now
                    excluded_checks=[response_schema_conformance],
                    additional_checks=[json_schema_conformance],
                )

            try:
                run()
            except (Exception, BaseExceptionGroup) as error:  # collect them all, then report
                failures[f"{operation.label} [{mode.value}]"] = str(error)[:4000]
    if os.environ.get("DISTRETTO_FUZZ_REPORT"):
        with open(os.environ["DISTRETTO_FUZZ_REPORT"], "w", encoding="utf-8") as report:
            for label, text in sorted(failures.items()):
                report.write(f"== {label}\n{text}\n")
    assert failures == {}
