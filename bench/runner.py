"""One benchmark run on one database: load, serve, capture, measure app and ceiling, report."""

import sys
import tempfile
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from bench import capture, load, machine, servers
from bench.database import build_catalogue
from bench.scenarios import SCENARIOS, Scenario, cycle, without
from catalog.db import make_engine

LOAD_TARGET_SECONDS = 60
MEMORY_TARGET_MB = 150
APP_ENVIRONMENT = {"RATELIMIT_ENABLED": "false", "SECRET_KEY": "bench-only-not-a-secret"}


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
    say(f"[{backend}] generating and loading {settings.listings} synthetic listings")
    loaded = build_catalogue(url, settings.listings)
    say(f"[{backend}] loaded in {loaded.seconds:.1f} s")
    wrk = _wrk_version() if settings.tool == "wrk" else None
    document["versions"] = machine.versions(wrk, _postgres_version(url))
    document["settings"] = {
        **asdict(settings),
        "gunicorn": servers.GUNICORN_SETTINGS,
        "app_environment": {"RATELIMIT_ENABLED": "false"},
    }
    document["catalogue"] = {
        "synthetic_listings": loaded.listings,
        "seeded_listings": loaded.seeded_listings,
        "languages": 8,
        "load_seconds": round(loaded.seconds, 1),
        "load_seconds_generating_rows": round(loaded.seconds_generating, 1),
        "target_seconds": LOAD_TARGET_SECONDS,
        "met": loaded.seconds < LOAD_TARGET_SECONDS,
    }
    with tempfile.TemporaryDirectory(prefix="distretto-bench-") as folder:
        document.update(_serve_and_measure(url, settings, Path(folder)))
    return document


def _serve_and_measure(url: str, settings: Settings, folder: Path) -> dict:
    scenarios = selected(settings)
    env = {**APP_ENVIRONMENT, "DATABASE_URL": url}
    with servers.gunicorn("app", "wsgi:app", env, folder) as app:
        requests = [r for s in scenarios for r, _ in s.requests]
        answers = capture.capture(app.address, requests)
        responses_file = folder / "ceiling.json"
        capture.write_for_ceiling(answers, responses_file)
        ceiling_env = {"BENCH_CEILING_RESPONSES": str(responses_file)}
        with servers.gunicorn("ceiling", "bench.ceiling:app", ceiling_env, folder) as ceiling:
            _check_replay(ceiling.address, answers, requests)
            results = [_measure(s, answers, app, ceiling, settings) for s in scenarios]
            memory = {
                "app_workers_mb": app.worker_rss_mb(),
                "ceiling_workers_mb": ceiling.worker_rss_mb(),
                "target_mb": MEMORY_TARGET_MB,
            }
    memory["met"] = bool(memory["app_workers_mb"]) and max(memory["app_workers_mb"]) < (
        MEMORY_TARGET_MB
    )
    return {"scenarios": results, "memory": memory}


def _measure(scenario: Scenario, answers, app, ceiling, settings: Settings) -> dict:
    result = {
        "name": scenario.name,
        "description": scenario.description,
        "requests": [
            {"request": r.key, "weight": w, **_facts(answers[r.key])} for r, w in scenario.requests
        ],
        "connections": scenario.connections or settings.connections,
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
    figures = {}
    for server in (app, ceiling):
        workload = load.Workload(*server.address, calls, result["connections"], settings.duration)
        if settings.warmup:
            load.run(
                load.Workload(*server.address, calls, result["connections"], settings.warmup),
                settings.tool,
            )
        figures[server.name] = load.run(workload, settings.tool)
    app_figures, ceiling_figures = figures["app"], figures["ceiling"]
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


def _check_replay(address, answers: dict[str, capture.Answer], requests) -> None:
    """The ceiling must answer byte for byte what the app answered."""
    etags = capture.etags_of(answers)
    for request in set(requests):
        replayed = capture.fetch(address, request.path, capture.request_headers(request, etags))
        original = answers[request.key]
        same = (replayed.status, replayed.headers, replayed.body) == (
            original.status,
            original.headers,
            original.body,
        )
        if not same:
            raise RuntimeError(f"the ceiling does not replay {request.key} exactly")


def _postgres_version(url: str) -> str | None:
    if not url.startswith("postgresql"):
        return None
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SHOW server_version")).scalar()
    finally:
        engine.dispose()


def _wrk_version() -> str:
    from bench.load_wrk import version

    return version()


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
