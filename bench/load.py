"""Driving load: `wrk` when it is installed, else the Python load generator; same figures."""

import shutil
from dataclasses import dataclass


@dataclass(frozen=True)
class Call:
    """One request as the load generator sends it, and the status it must get back."""

    path: str
    headers: dict[str, str]
    expected_status: int


@dataclass(frozen=True)
class Workload:
    host: str
    port: int
    calls: list[Call]
    """Sent in this order, round and round (each connection starts at a different place)."""
    connections: int
    seconds: float


@dataclass(frozen=True)
class LoadResult:
    tool: str
    requests: int
    seconds: float
    errors: int
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def choose_tool(asked: str) -> str:
    """`auto` is wrk when it is on the PATH, else python."""
    if asked == "auto":
        return "wrk" if shutil.which("wrk") else "python"
    if asked == "wrk" and not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk), use --tool python")
    return asked


def run(workload: Workload, tool: str) -> LoadResult:
    if tool == "wrk":
        from bench.load_wrk import run_wrk

        return run_wrk(workload)
    from bench.load_python import run_python

    return run_python(workload)


def percentile(sorted_values: list[float], percent: float) -> float | None:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return None
    rank = max(1, -(-len(sorted_values) * percent // 100))
    return sorted_values[int(rank) - 1]
