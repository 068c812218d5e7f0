"""One client's HTTP: a keep-alive http.client connection to loopback, every answer timed
and counted (reopened when the server closes it, as sync workers do after each answer)."""

import time
from array import array
from collections import Counter
from dataclasses import dataclass, field
from http.client import HTTPConnection, HTTPException, HTTPMessage

from harness.servers import HOST

TIMEOUT = 10.0
SAMPLES = 5
"""Bodies kept per kind of failure, as evidence."""


@dataclass
class Answer:
    status: int
    headers: HTTPMessage
    body: bytes


@dataclass
class Tally:
    """What one client saw: latencies, statuses per operation, failures with samples."""

    latencies: array = field(default_factory=lambda: array("d"))
    finished: array = field(default_factory=lambda: array("d"))
    """When each answer came (time.monotonic), beside its latency: the figures over time."""
    by_operation: dict[str, array] = field(default_factory=dict)
    statuses: Counter = field(default_factory=Counter)
    """(operation, status) -> count."""
    unexpected: Counter = field(default_factory=Counter)
    transport: Counter = field(default_factory=Counter)
    """(operation, exception name) -> count: timeouts, resets."""
    samples: list[dict] = field(default_factory=list)

    def sample(self, **evidence) -> None:
        kind = (evidence.get("operation"), evidence.get("status"), evidence.get("error"))
        if sum(1 for s in self.samples if s["kind"] == kind) < SAMPLES:
            self.samples.append({"kind": kind, **evidence})


class Client:
    def __init__(self, port: int, tally: Tally) -> None:
        self.connection = HTTPConnection(HOST, port, timeout=TIMEOUT)
        self.tally = tally

    def call(
        self,
        operation: str,
        method: str,
        path: str,
        expect: tuple[int, ...] = (200,),
        headers: dict | None = None,
        body: bytes | None = None,
    ) -> Answer | None:
        """The answer, or None when the request failed below HTTP (counted as transport)."""
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers or {})
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, HTTPException) as error:
            self.connection.close()
            name = type(error).__name__
            self.tally.transport[(operation, name)] += 1
            self.tally.sample(operation=operation, error=name, method=method, path=path)
            return None
        elapsed = time.perf_counter() - started
        tally = self.tally
        tally.latencies.append(elapsed)
        tally.finished.append(time.monotonic())
        tally.by_operation.setdefault(operation, array("d")).append(elapsed)
        tally.statuses[(operation, response.status)] += 1
        if response.status not in expect:
            tally.unexpected[(operation, response.status)] += 1
            tally.sample(
                operation=operation,
                status=response.status,
                method=method,
                path=path,
                body=data[:600].decode(errors="replace"),
            )
        return Answer(response.status, response.headers, data)

    def close(self) -> None:
        self.connection.close()
