"""The 100% ceiling: a bare WSGI callable that replays captured answers of the real app.

For each request the harness captured one real answer (status, headers, body) and wrote
them to the JSON file named by BENCH_CEILING_RESPONSES. Served by gunicorn with the app's
settings, this measures what the web server, the network stack and the load generator can
do with responses of exactly that size: no Flask, no database, no serialisation.
"""

import base64
import json
import os

NOT_FOUND = (
    "404 Not Found",
    [("Content-Type", "text/plain"), ("Content-Length", "9")],
    b"not found",
)


def _load(path: str | None) -> dict[str, tuple[str, list[tuple[str, str]], bytes]]:
    if not path:
        return {}
    with open(path, encoding="utf-8") as handle:
        captured = json.load(handle)
    return {
        key: (
            answer["status"],
            [tuple(header) for header in answer["headers"]],
            base64.b64decode(answer["body"]),
        )
        for key, answer in captured.items()
    }


ANSWERS = _load(os.environ.get("BENCH_CEILING_RESPONSES"))


def app(environ, start_response):
    key = environ.get("PATH_INFO", "")
    if environ.get("QUERY_STRING"):
        key += "?" + environ["QUERY_STRING"]
    if environ.get("HTTP_IF_NONE_MATCH"):
        key += " [If-None-Match]"
    status, headers, body = ANSWERS.get(key, NOT_FOUND)
    start_response(status, headers)
    return [body]
