"""A small OSRM stand-in: a real HTTP server on 127.0.0.1 answering the `table` service.

Durations are great-circle distance at a fixed speed, so a test can compute what it should get.
`mode` makes it misbehave: "error" (HTTP 400 with an OSRM error code), "not_ok" (HTTP 200 with a
code other than "Ok"), "garbage" (not JSON), "slow" (answers after `delay` seconds). `unroutable`
(a predicate on two (lon, lat) pairs) gives null durations; `stop()` leaves the port closed.
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from catalog.geo import Point, haversine_km

PREFIX = "/table/v1/driving/"


class FakeOsrm:
    def __init__(self, speed_kmh=60.0, mode="ok", max_table_size=100, unroutable=None, delay=1.0):
        self.speed_kmh, self.mode, self.delay = speed_kmh, mode, delay
        self.max_table_size = max_table_size
        self.unroutable = unroutable or (lambda a, b: False)
        self.requests: list[dict] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()

    def seconds(self, a, b) -> float | None:
        """The duration this fake gives from (lon, lat) `a` to `b`."""
        if a == b:
            return 0.0
        if self.unroutable(a, b):
            return None
        km = haversine_km(Point(a[1], a[0]), Point(b[1], b[0]))
        return km / self.speed_kmh * 3600

    def answer(self, path: str, query: dict) -> tuple[int, object]:
        """(HTTP status, JSON body) for one table request, as OSRM would give them."""
        if self.mode == "error":
            return 400, {"code": "InvalidQuery", "message": "Query string malformed"}
        if self.mode == "not_ok":
            return 200, {"code": "NoTable", "message": "No table found"}
        if not path.startswith(PREFIX):
            return 400, {"code": "InvalidService", "message": "Service not found"}
        coordinates = [tuple(map(float, c.split(","))) for c in path[len(PREFIX) :].split(";")]
        if len(coordinates) > self.max_table_size:
            return 400, {"code": "TooBig", "message": "Too many table coordinates"}
        sources = _indices(query, "sources", len(coordinates))
        destinations = _indices(query, "destinations", len(coordinates))
        durations = [
            [self.seconds(coordinates[i], coordinates[j]) for j in destinations] for i in sources
        ]
        return 200, {"code": "Ok", "durations": durations}


def _indices(query: dict, name: str, count: int) -> list[int]:
    value = query.get(name, ["all"])[0]
    return list(range(count)) if value == "all" else [int(i) for i in value.split(";")]


def _handler(fake: FakeOsrm):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            fake.requests.append(
                {
                    "path": parts.path,
                    "query": query,
                    "coordinates": parts.path.count(";") + 1,
                    "authorization": self.headers.get("Authorization"),
                }
            )
            if fake.mode == "slow":
                time.sleep(fake.delay)
            if fake.mode == "garbage":
                return self._send(200, b"<html>gateway</html>", "text/html")
            status, body = fake.answer(parts.path, query)
            self._send(status, json.dumps(body).encode(), "application/json")

        def _send(self, status, payload, content_type):
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout tests)
                pass

        def log_message(self, *args):  # keep test output quiet
            pass

    return Handler
