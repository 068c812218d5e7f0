"""One benchmark run on one database: load, serve, capture, measure app and ceiling, report."""

import os
import sys
import tempfile
from contextlib import ExitStack
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from bench import capture, load
from bench.database import build_catalogue
from bench.memory import worker_memory
from bench.scenarios import DEPLOYED, SCENARIOS, UNCACHED, Scenario, cycle, without
from harness import machine
from harness.databases import is_postgres, server_version
from harness.servers import Gunicorn, Server, gunicorn

LOAD_TARGET_SECONDS = 60
APP_ENVIRONMENT = {"RATELIMIT_ENABLED": "false", "SECRET_KEY": "bench-only-not-a-secret"}
GUNICORN = Gunicorn(workers=2, timeout=60)
"""The app, its uncached twin and the ceiling all run with these."""


@dataclass(frozen=True)
class Settings:
    duration: float
    connections: int
    listings: int
    warmup: float
    tool: str
    only: tuple[str, ...]
    quick: bool


def selected(settings: Settings) -> list[Scenario]:
    return [s for s in SCENARIOS if not settings.only or s.name in settings.only]


def run(backend: str, url: str, settings: Settings) -> dict:
    started = datetime.now(UTC)
    document = {
        "started_at": started.isoformat(timespec="seconds"),
        "backend": backend,
        "commit": machine.commit(),
        "machine": machine.machine(),
    }
    busy, cores = os.getloadavg()[0], os.cpu_count() or 1
    if busy > cores / 2:
        say(f"[{backend}] note: load average {busy:.1f} on {cores} cores, figures will be noisy")
    say(f"[{backend}] generating and loading {settings.listings} synthetic listings")
    loaded = build_catalogue(url, settings.listings)
    say(
        f"[{backend}] loaded in {loaded.seconds:.1f} s, "
        f"read model built in {loaded.seconds_read_model:.1f} s"
    )
    wrk = _wrk_version() if settings.tool == "wrk" else None
    postgresql = server_version(url)[1] if is_postgres(url) else None
    document["versions"] = machine.versions(wrk, postgresql)
    document["settings"] = {
        **asdict(settings),
        "gunicorn": GUNICORN.describe("workers", "worker_class", "timeout", "backlog"),
        "app_environment": {"RATELIMIT_ENABLED": "false"},
    }
    document["catalogue"] = {
        "synthetic_listings": loaded.listings,
        "seeded_listings": loaded.seeded_listings,
        "languages": 8,
        "load_seconds": round(loaded.seconds, 1),
        "load_seconds_generating_rows": round(loaded.seconds_generating, 1),
        "read_model_seconds": round(loaded.seconds_read_model, 1),
        "target_seconds": LOAD_TARGET_SECONDS,
        "met": loaded.seconds < LOAD_TARGET_SECONDS,
    }
    with tempfile.TemporaryDirectory(prefix="distretto-bench-") as folder:
        document.update(_serve_and_measure(url, settings, Path(folder)))
    document["machine"]["load_average_at_end"] = machine.load_average()
    return document


def _serve_and_measure(url: str, settings: Settings, folder: Path) -> dict:
    """Three gunicorns with the same settings: the app as deployed, the app with its response
    cache off, and the ceiling replaying what they answered."""
    scenarios = selected(settings)
    env = {**APP_ENVIRONMENT, "DATABASE_URL": url}
    with ExitStack() as stack:
        app = stack.enter_context(gunicorn(DEPLOYED, "wsgi:app", GUNICORN, env, folder))
        uncached = stack.enter_context(
            gunicorn(UNCACHED, "bench.uncached:app", GUNICORN, env, folder)
        )
        requests = [r for s in scenarios for r, _ in s.requests]
        answers = capture.capture(uncached.address, requests)
        warm = [r for s in scenarios if s.served == DEPLOYED and s.warm for r, _ in s.requests]
        capture.capture(app.address, warm)  # the first answer of each fills the cache
        hot = capture.capture(app.address, warm)
        differences = capture.differences(answers, hot, (uncached.address, app.address))
        responses_file = folder / "ceiling.json"
        capture.write_for_ceiling(answers, responses_file)
        ceiling_env = {**APP_ENVIRONMENT, "BENCH_CEILING_RESPONSES": str(responses_file)}
        ceiling = stack.enter_context(
            gunicorn("ceiling", "bench.ceiling:app", GUNICORN, ceiling_env, folder)
        )
        capture.check_replay(ceiling.address, answers, requests)
        targets = {DEPLOYED: app, UNCACHED: uncached}
        results = [_measure(s, answers, targets[s.served], ceiling, settings) for s in scenarios]
        memory = worker_memory(app, uncached, ceiling, answers)
    return {"scenarios": results, "memory": memory, "cache_differences": differences}


def _measure(scenario: Scenario, answers, app, ceiling, settings: Settings) -> dict:
    result = {
        "name": scenario.name,
        "description": scenario.description,
        "requests": [
            {"request": r.key, "weight": w, **_facts(answers[r.key])} for r, w in scenario.requests
        ],
        "connections": scenario.connections or settings.connections,
        "response_cache": "off" if scenario.served == UNCACHED else "warm",
        "target": scenario.target.label() if scenario.target else None,
    }
    unusable = {key for key, answer in answers.items() if answer.status >= 400}
    kept = without(scenario, unusable)
    if kept is None:
        status = answers[scenario.requests[0][0].key].status
        result["available"] = False
        result["note"] = (
            "not available (the endpoint answers 404)"
            if scenario.optional and status == 404
            else f"failed: the request answers {status}"
        )
        say(f"  {scenario.name}: {result['note']}")
        return result
    result["available"] = True
    result["description"] = kept.description
    etags = capture.etags_of(answers)
    calls = [
        load.Call(r.path, capture.request_headers(r, etags), answers[r.key].status)
        for r in cycle(kept.requests)
    ]
    app_figures, ceiling_figures = (
        _load(server, calls, result["connections"], settings) for server in (app, ceiling)
    )
    percent = 100 * app_figures.rps / ceiling_figures.rps if ceiling_figures.rps else None
    result["app"] = _figures(app_figures)
    result["ceiling"] = _figures(ceiling_figures)
    result["percent_of_ceiling"] = None if percent is None else round(percent, 1)
    if scenario.target:
        result["met"] = scenario.target.met(percent, app_figures.p95_ms)
    say(
        f"  {scenario.name}: {app_figures.rps:.1f} req/s (p95 {_fmt(app_figures.p95_ms)} ms), "
        f"ceiling {ceiling_figures.rps:.1f} req/s, {_fmt(percent)}%"
    )
    return result


def _load(server: Server, calls, connections: int, settings: Settings):
    """Warm up, wait until the server is idle, measure, and wait again."""
    workload = load.Workload(*server.address, calls, connections, settings.duration)
    if settings.warmup:
        load.run(replace(workload, seconds=settings.warmup), settings.tool)
        server.wait_idle()
    figures = load.run(workload, settings.tool)
    server.wait_idle()
    return figures


def _facts(answer: capture.Answer) -> dict:
    facts = {"status": answer.status, "bytes": len(answer.body)}
    body = answer.json()
    if isinstance(body, dict):
        if "total" in body:
            facts["total"] = body["total"]
        if isinstance(body.get("items"), list):
            facts["items"] = len(body["items"])
    return facts


def _figures(result: load.LoadResult) -> dict:
    return {
        "tool": result.tool,
        "requests": result.requests,
        "seconds": round(result.seconds, 2),
        "rps": round(result.rps, 1),
        "p50_ms": _round(result.p50_ms),
        "p95_ms": _round(result.p95_ms),
        "p99_ms": _round(result.p99_ms),
        "errors": result.errors,
    }


def _wrk_version() -> str:
    from bench.load_wrk import version

    return version()


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
