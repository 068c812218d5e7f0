"""Load with wrk: a generated Lua script sets the paths and headers (If-None-Match) and, for
a mix, cycles through the calls; its `done` hook prints the figures for us to parse."""

import os
import subprocess
import tempfile
from pathlib import Path

from bench.load import LoadResult, Workload

RESULT_MARK = "BENCH_RESULT"
TIMEOUT = "60s"

_DONE = """
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("%s %d %d %d %d %d %d %d %.0f %.0f %.0f\\n", "MARK",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
""".replace("MARK", RESULT_MARK)

_CYCLE = """
local threads = 0
function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end
local index = 1
function init(args)
  index = (offset * 7) % #calls + 1
end
function request()
  local call = calls[index]
  index = index % #calls + 1
  return wrk.format("GET", call.path, call.headers)
end
"""


def version() -> str:
    completed = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
    words = (completed.stdout or completed.stderr).split("[")[0].split()
    return words[-1] if words else "unknown"


def script(workload: Workload) -> str:
    """Lua: one fixed request (wrk builds it once), or a cycle through the mix."""
    if len({(c.path, tuple(c.headers.items())) for c in workload.calls}) == 1:
        call = workload.calls[0]
        lines = [f"wrk.path = {_lua(call.path)}"]
        lines += [f"wrk.headers[{_lua(k)}] = {_lua(v)}" for k, v in call.headers.items()]
        return "\n".join(lines) + "\n" + _DONE
    entries = ",\n".join(
        f"  {{path = {_lua(c.path)}, headers = {_lua_table(c.headers)}}}" for c in workload.calls
    )
    return f"calls = {{\n{entries}\n}}\n{_CYCLE}{_DONE}"


def run_wrk(workload: Workload) -> LoadResult:
    threads = max(1, min(workload.connections, os.cpu_count() or 1))
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script(workload))
    try:
        completed = subprocess.run(
            [
                "wrk",
                f"--threads={threads}",
                f"--connections={workload.connections}",
                f"--duration={max(1, round(workload.seconds))}s",
                f"--timeout={TIMEOUT}",
                f"--script={handle.name}",
                f"http://{workload.host}:{workload.port}/",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        Path(handle.name).unlink(missing_ok=True)
    return _parse(completed)


def _parse(completed: subprocess.CompletedProcess) -> LoadResult:
    line = next((x for x in completed.stdout.splitlines() if x.startswith(RESULT_MARK)), None)
    if line is None:
        raise RuntimeError(f"wrk failed: {completed.stdout}\n{completed.stderr}")
    numbers = [float(part) for part in line.split()[1:]]
    requests, duration_us, *errors, p50, p95, p99 = numbers
    seen = requests > 0
    return LoadResult(
        tool="wrk",
        requests=int(requests),
        seconds=duration_us / 1e6,
        errors=int(sum(errors)),
        p50_ms=p50 / 1000 if seen else None,
        p95_ms=p95 / 1000 if seen else None,
        p99_ms=p99 / 1000 if seen else None,
    )


def _lua(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _lua_table(headers: dict[str, str]) -> str:
    return "{" + ", ".join(f"[{_lua(k)}] = {_lua(v)}" for k, v in headers.items()) + "}"
