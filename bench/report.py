"""The results: where their JSON files go (harness/results.py), and a plain-text table."""

from pathlib import Path

from bench.scenarios import DETAIL_SLUG

RESULTS_DIR = Path(__file__).resolve().parent / "results"
COLUMNS = (
    ("scenario", "<"),
    ("conn", ">"),
    ("cache", "<"),
    ("status", ">"),
    ("req/s", ">"),
    ("p50 ms", ">"),
    ("p95 ms", ">"),
    ("p99 ms", ">"),
    ("errors", ">"),
    ("ceiling req/s", ">"),
    ("% ceiling", ">"),
    ("target", "<"),
    ("met", "<"),
)


def table(document: dict) -> str:
    settings, catalogue = document["settings"], document["catalogue"]
    machine, versions = document["machine"], document["versions"]
    tool = f"wrk {versions['wrk']}" if settings["tool"] == "wrk" else "python load generator"
    database = document["backend"]
    if versions.get("postgresql") and database == "postgresql":
        database += f" {versions['postgresql']}"
    else:
        database += f" {versions['sqlite']}"
    head = [
        f"Distretto benchmark: {database}, commit {document['commit']}, "
        f"{document['started_at'].replace('T', ' ')}",
        f"{catalogue['synthetic_listings']} synthetic listings x 8 languages "
        f"(+{catalogue['seeded_listings']} seeded), generated and loaded in "
        f"{catalogue['load_seconds']} s (target < {catalogue['target_seconds']} s: "
        f"{_met(catalogue['met'])})",
        f"gunicorn {settings['gunicorn']['workers']} sync workers on loopback, rate limiting off; "
        f"{tool}, {settings['connections']} connections, {settings['duration']:g} s per "
        f"scenario after {settings['warmup']:g} s warm-up",
        f"{machine['cores']} cores ({machine['cpu_model']}), load average at start "
        f"{' '.join(str(x) for x in machine['load_average_at_start'])}",
        "",
    ]
    rows = [[name for name, _ in COLUMNS]] + [_row(s) for s in document["scenarios"]]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = [
        "  ".join(
            f"{cell:{align}{width}}"
            for cell, (_, align), width in zip(row, COLUMNS, widths, strict=True)
        ).rstrip()
        for row in rows
    ]
    memory = document["memory"]
    foot = [
        "",
        f"memory per worker (target < {memory['target_mb']} MB: {_met(memory['met'])}): "
        f"cache off {_mbs(memory['uncached_workers_mb'])}, as deployed "
        f"{_mbs(memory['app_workers_mb'])}"
        + (
            f", as deployed after a walk through every page "
            f"{_mbs(memory['app_workers_after_page_walk_mb'])}"
            if "app_workers_after_page_walk_mb" in memory
            else ""
        )
        + f"; ceiling {_mbs(memory['ceiling_workers_mb'])}",
        "; ".join([f"detail reads {DETAIL_SLUG}", *_matches(document["scenarios"])]),
    ]
    if document.get("cache_differences"):
        foot.append(
            "cached answers differ from uncached ones for: "
            + ", ".join(document["cache_differences"])
        )
    return "\n".join(head + lines + foot)


def _row(scenario: dict) -> list[str]:
    statuses = "/".join(sorted({str(r["status"]) for r in scenario["requests"]}))
    if not scenario["available"]:
        cells = [scenario["name"], str(scenario["connections"]), scenario["response_cache"]]
        cells += [statuses, *["-"] * 7]
        return [*cells, scenario["note"], ""]
    app, ceiling = scenario["app"], scenario["ceiling"]
    return [
        scenario["name"],
        str(scenario["connections"]),
        scenario["response_cache"],
        statuses,
        f"{app['rps']:.1f}",
        _ms(app["p50_ms"]),
        _ms(app["p95_ms"]),
        _ms(app["p99_ms"]),
        str(app["errors"]),
        f"{ceiling['rps']:.1f}",
        "-" if scenario["percent_of_ceiling"] is None else f"{scenario['percent_of_ceiling']:.1f}",
        scenario["target"] or "",
        _met(scenario.get("met")) if scenario["target"] else "",
    ]


def _matches(scenarios: list[dict]) -> list[str]:
    """What the measured searches return (a list scenario says its total)."""
    found = []
    for scenario in scenarios:
        if scenario["name"] in ("search", "near", "events"):
            total = scenario["requests"][0].get("total")
            found.append(f"{scenario['name']} finds {total}")
    return found


def _mbs(values: list[float]) -> str:
    return " + ".join(f"{mb:.0f}" for mb in values) + " MB" if values else "-"


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _met(value: bool | None) -> str:
    return {True: "yes", False: "NO", None: "-"}[value]
