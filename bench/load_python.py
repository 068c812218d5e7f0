"""Load without wrk: processes (one per core) of threads, each thread one keep-alive
http.client connection (reopened whenever the server closes it, as gunicorn's sync workers do
after every answer), for a fixed time. Slower than wrk, so its ceilings are lower: compare
percentages only between runs made with the same tool.
"""

import multiprocessing
import os
import threading
import time
from array import array
from http.client import HTTPConnection

from bench.load import LoadResult, Workload, percentile


def run_python(workload: Workload) -> LoadResult:
    processes = max(1, min(workload.connections, os.cpu_count() or 1))
    shares = [workload.connections // processes] * processes
    for index in range(workload.connections % processes):
        shares[index] += 1
    context = multiprocessing.get_context("spawn")
    ready = context.Barrier(processes + 1)
    results = context.Queue()
    workers = []
    first = 0
    for share in shares:
        worker = context.Process(
            target=_process, args=(workload, first, share, ready, results), daemon=True
        )
        worker.start()
        workers.append(worker)
        first += share
    ready.wait(timeout=120)
    started = time.perf_counter()
    collected = [results.get(timeout=workload.seconds + 120) for _ in workers]
    elapsed = time.perf_counter() - started
    for worker in workers:
        worker.join()
    latencies = sorted(value for _, _, values in collected for value in values)
    return LoadResult(
        tool="python",
        requests=sum(count for count, _, _ in collected),
        seconds=min(elapsed, workload.seconds) if collected else workload.seconds,
        errors=sum(errors for _, errors, _ in collected),
        p50_ms=_ms(percentile(latencies, 50)),
        p95_ms=_ms(percentile(latencies, 95)),
        p99_ms=_ms(percentile(latencies, 99)),
    )


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else seconds * 1000


def _process(workload: Workload, first: int, threads: int, ready, results) -> None:
    """In a child: `threads` connections until the deadline; sends (answers, errors, latencies)."""
    outcomes = []
    ready.wait()
    deadline = time.perf_counter() + workload.seconds
    runners = [
        threading.Thread(target=_connection, args=(workload, first + n, deadline, outcomes))
        for n in range(threads)
    ]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join()
    latencies = array("d")
    for _, _, values in outcomes:
        latencies.extend(values)
    results.put((sum(n for n, _, _ in outcomes), sum(bad for _, bad, _ in outcomes), latencies))


def _connection(workload: Workload, number: int, deadline: float, outcomes: list) -> None:
    calls = workload.calls
    index = (number * 7) % len(calls)
    answers = errors = 0
    latencies = array("d")
    connection = HTTPConnection(workload.host, workload.port, timeout=60)
    while (now := time.perf_counter()) < deadline:
        call = calls[index]
        index = (index + 1) % len(calls)
        try:
            connection.request("GET", call.path, headers=call.headers)
            response = connection.getresponse()
            response.read()
        except OSError:
            errors += 1
            connection.close()
            continue
        latencies.append(time.perf_counter() - now)
        answers += 1
        errors += response.status != call.expected_status
    connection.close()
    outcomes.append((answers, errors, latencies))
