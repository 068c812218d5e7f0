"""The figures of a run: its JSON document (saved by harness/results.py) and a plain-text
table."""

import os
import platform
import re
from collections import Counter
from pathlib import Path

from harness.machine import load_average
from soak.traffic import Outcome

RESULTS_DIR = Path(__file__).resolve().parent / "results"
LOG_TROUBLE = re.compile(r"Traceback|\[ERROR\]|\[CRITICAL\]|WORKER TIMEOUT|ERROR in ")


def percentile(ordered: list[float], share: float) -> float | None:
    """Nearest rank, in milliseconds."""
    if not ordered:
        return None
    rank = max(0, min(len(ordered) - 1, round(share / 100 * len(ordered) + 0.5) - 1))
    return round(ordered[rank] * 1000, 1)


def latency(values) -> dict:
    ordered = sorted(values)
    return {f"p{p}": percentile(ordered, p) for p in (50, 95, 99)} | {
        "max": round(ordered[-1] * 1000, 1) if ordered else None
    }


def over_time(outcomes: list[Outcome], started: float, seconds: float) -> list[dict]:
    """Requests/s and latency per tenth of the run: a soak that degrades shows here."""
    width = max(seconds / 10, 1.0)
    buckets: dict[int, list[float]] = {}
    for outcome in outcomes:
        for value, when in zip(outcome.tally.latencies, outcome.tally.finished, strict=True):
            buckets.setdefault(int((when - started) // width), []).append(value)
    return [
        {
            "from_s": round(index * width, 1),
            "requests_per_s": round(len(values) / min(width, seconds - index * width), 1),
            **{k: v for k, v in latency(values).items() if k in ("p50", "p99")},
        }
        for index, values in sorted(buckets.items())
    ]


def figures(outcomes: list[Outcome], started: float, seconds: float) -> dict:
    """Requests/s, latency, statuses, writes and failures over every client."""
    every = [value for o in outcomes for value in o.tally.latencies]
    statuses, unexpected, transport = Counter(), Counter(), Counter()
    per_operation: dict[str, list[float]] = {}
    for outcome in outcomes:
        statuses.update(outcome.tally.statuses)
        unexpected.update(outcome.tally.unexpected)
        transport.update(outcome.tally.transport)
        for name, values in outcome.tally.by_operation.items():
            per_operation.setdefault(name, []).extend(values)
    acks = [ack for outcome in outcomes for ack in outcome.acks]
    by_status = Counter()
    for (_, status), count in statuses.items():
        by_status[status] += count
    return {
        "requests": len(every),
        "seconds": round(seconds, 2),
        "requests_per_s": round(len(every) / seconds, 1) if seconds else None,
        "latency_ms": latency(every),
        "over_time": over_time(outcomes, started, seconds),
        "status_counts": {str(k): v for k, v in sorted(by_status.items())},
        "operations": {
            name: {
                "requests": len(values),
                **latency(values),
                "statuses": {str(s): c for (op, s), c in sorted(statuses.items()) if op == name},
            }
            for name, values in sorted(per_operation.items())
        },
        "writes": {
            "attempted": sum(o.writes for o in outcomes),
            "acknowledged": len(acks),
            "acknowledged_after_412_retry": sum(ack.retried for ack in acks),
            "retries_412": sum(o.retries for o in outcomes),
            "gave_up_after_second_412": sum(o.gave_up for o in outcomes),
            "failed_otherwise": sum(o.failed for o in outcomes),
            "in_doubt": sum(len(o.in_doubt) for o in outcomes),
            "answer_showed_a_later_state": sum(not ack.echoed for ack in acks),
        },
        "server_errors_5xx": sum(c for s, c in by_status.items() if s >= 500),
        "unexpected": {f"{op} {s}": c for (op, s), c in sorted(unexpected.items())},
        "transport_errors": {f"{op} {e}": c for (op, e), c in sorted(transport.items())},
        "samples": [
            {key: value for key, value in sample.items() if key != "kind"}
            for outcome in outcomes
            for sample in outcome.tally.samples
        ][:20],
    }


def server_log(text: str) -> dict:
    lines = [line for line in text.splitlines() if LOG_TROUBLE.search(line)]
    return {"trouble_lines": len(lines), "first": lines[:10], "tail": text[-3000:] if lines else ""}


def machine(load_at_start: list[float]) -> dict:
    """Other work on the machine shows in the figures: the load averages say how much."""
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "load_average_at_start": load_at_start,
        "load_average_at_end": load_average(),
    }


def verdict(document: dict) -> list[str]:
    """Why the run failed; empty when it passed."""
    reasons = []
    if document["server_errors_5xx"]:
        reasons.append(f"{document['server_errors_5xx']} answers were 5xx")
    if document["transport_errors"]:
        reasons.append(f"transport errors: {document['transport_errors']}")
    if document["unexpected"]:
        reasons.append(f"unexpected statuses: {document['unexpected']}")
    if not document["verification"]["ok"]:
        reasons.append(f"{len(document['verification']['problems'])} write(s) lost or wrong")
    if not document["writes"]["acknowledged"]:
        reasons.append("no write was acknowledged: nothing was verified")
    return reasons


def table(document: dict) -> str:
    settings, writes = document["settings"], document["writes"]
    server = settings["gunicorn"]
    threads = f" x {server['threads']} threads" if server["worker_class"] == "gthread" else ""
    lines = [
        f"Distretto soak: {document['backend']} ({document['database_version']}), "
        f"{document['started_at']}",
        f"gunicorn {server['workers']} {server['worker_class']} workers{threads} on loopback, "
        f"rate limiting off; {settings['clients']} clients for {settings['duration']:g} s; "
        f"load average {document['machine']['load_average_at_start'][0]} at start",
        f"{document['requests']} requests in {document['seconds']} s = "
        f"{document['requests_per_s']} req/s; latency ms p50 {document['latency_ms']['p50']} "
        f"p95 {document['latency_ms']['p95']} p99 {document['latency_ms']['p99']} "
        f"max {document['latency_ms']['max']}",
        "",
        f"{'operation':<12} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  statuses",
    ]
    for name, row in document["operations"].items():
        statuses = " ".join(f"{s}:{c}" for s, c in row["statuses"].items())
        lines.append(
            f"{name:<12} {row['requests']:>8} {row['p50']:>8} {row['p95']:>8} {row['p99']:>8}"
            f"  {statuses}"
        )
    statuses = " ".join(f"{s}:{c}" for s, c in document["status_counts"].items())
    verification = document["verification"]
    lines += [
        "",
        "over time (s: req/s, p99 ms): "
        + ", ".join(
            f"{b['from_s']:g}: {b['requests_per_s']:g}, {b['p99']}" for b in document["over_time"]
        ),
        f"statuses {statuses}; 5xx {document['server_errors_5xx']}; "
        f"transport errors {sum(document['transport_errors'].values())}",
        f"writes: {writes['attempted']} attempted, {writes['acknowledged']} acknowledged "
        f"({writes['acknowledged_after_412_retry']} after a retry), {writes['retries_412']} "
        f"412 retries, {writes['gave_up_after_second_412']} gave up, "
        f"{writes['in_doubt']} in doubt",
        f"verified in the database: {verification['acknowledged']} acknowledged writes on "
        f"{verification['listings_written']} listings, "
        f"{len(verification['problems'])} problems",
    ]
    lines += [f"  {problem}" for problem in verification["problems"][:20]]
    failures = document["failures"]
    lines.append("PASSED" if not failures else "FAILED: " + "; ".join(failures))
    return "\n".join(lines)
