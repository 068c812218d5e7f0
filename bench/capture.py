"""One real request per measured URL: what the ceiling replays and what the load must get."""

import base64
import json
from dataclasses import dataclass
from http.client import HTTPConnection
from pathlib import Path

from bench.scenarios import Request

# Set by gunicorn itself on every answer (the ceiling gets them from gunicorn too).
SERVER_HEADERS = {"date", "server", "connection", "keep-alive", "transfer-encoding"}


@dataclass(frozen=True)
class Answer:
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def json(self) -> dict | None:
        try:
            return json.loads(self.body)
        except ValueError:
            return None


def fetch(address: tuple[str, int], path: str, headers: dict[str, str] | None = None) -> Answer:
    connection = HTTPConnection(*address, timeout=60)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        kept = [(k, v) for k, v in response.getheaders() if k.lower() not in SERVER_HEADERS]
        return Answer(response.status, response.reason, kept, body)
    finally:
        connection.close()


def request_headers(request: Request, etags: dict[str, str]) -> dict[str, str]:
    """The headers the load generator sends for `request` (If-None-Match for a 304)."""
    if not request.conditional:
        return {}
    return {"If-None-Match": etags[request.path]}


def capture(address: tuple[str, int], requests: list[Request]) -> dict[str, Answer]:
    """{request key: answer}; unconditional requests first, so their ETags are known."""
    answers: dict[str, Answer] = {}
    etags: dict[str, str] = {}
    for request in sorted(set(requests), key=lambda r: r.conditional):
        if request.conditional and request.path not in etags:
            plain = fetch(address, request.path)
            etags[request.path] = plain.header("ETag") or '"none"'
        answer = fetch(address, request.path, request_headers(request, etags))
        answers[request.key] = answer
        if not request.conditional and answer.header("ETag"):
            etags[request.path] = answer.header("ETag")
    return answers


def etags_of(answers: dict[str, Answer]) -> dict[str, str]:
    return {key: a.header("ETag") for key, a in answers.items() if a.header("ETag")}


def write_for_ceiling(answers: dict[str, Answer], path: Path) -> None:
    document = {
        key: {
            "status": f"{a.status} {a.reason}",
            "headers": a.headers,
            "body": base64.b64encode(a.body).decode(),
        }
        for key, a in answers.items()
    }
    path.write_text(json.dumps(document), encoding="utf-8")


def check_replay(address, answers: dict[str, Answer], requests: list[Request]) -> None:
    """The ceiling must answer byte for byte what the app answered."""
    etags = etags_of(answers)
    for request in set(requests):
        replayed = fetch(address, request.path, request_headers(request, etags))
        original = answers[request.key]
        same = (replayed.status, replayed.headers, replayed.body) == (
            original.status,
            original.headers,
            original.body,
        )
        if not same:
            raise RuntimeError(f"the ceiling does not replay {request.key} exactly")


def differences(uncached, cached, addresses) -> list[str]:
    """Requests whose cached answer is not the uncached one, the servers' own address aside
    (in Link headers). There should be none: the ceiling replays the uncached answers."""
    return sorted(
        key
        for key, answer in cached.items()
        if _normalised(answer, addresses[1]) != _normalised(uncached[key], addresses[0])
    )


def _normalised(answer: Answer, address: tuple[str, int]) -> tuple:
    here = "{}:{}".format(*address)
    headers = [(name, value.replace(here, "HOST")) for name, value in answer.headers]
    return answer.status, headers, answer.body.replace(here.encode(), b"HOST")
