"""Listing writes per second through the API: create with eight translations, then publish.

`python -m bench.writes [--backend sqlite|postgresql] [--seconds 15] [--clients 8]
[--workers 2]`: gunicorn (sync workers) on a scratch database (migrated, seeded, read model
built), editors signed in by token, each client creating and publishing listings as fast as
answers come. Every write also rewrites the listing's search index, sort names and read
model documents in its own transaction. Target (issue 15): >= 100 listing writes/s on PostgreSQL.
"""

import argparse
import json
import secrets
import tempfile
import threading
import time
from datetime import timedelta
from http.client import HTTPConnection
from pathlib import Path

from sqlalchemy.orm import Session

from api.read_model import build_documents
from catalog.access.accounts import create_user, issue_token
from catalog.data.seeding import load_seeds
from catalog.db import make_engine
from catalog.migrate import upgrade
from harness.databases import postgres_database, sqlite_database
from harness.servers import Gunicorn, gunicorn

PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TARGET_PER_SECOND = 100
LANGUAGES = ("it", "en", "de", "fr", "es", "zh", "ja", "ru")
TEXT = "Una descrizione di prova per misurare le scritture. " * 20


def _prepare(url: str, clients: int) -> list[str]:
    engine = make_engine(url)
    upgrade(engine)
    with Session(engine) as session:
        load_seeds(session)
        tokens = []
        for number in range(clients):
            email, password = f"writer{number}@bench.example", secrets.token_urlsafe(18)
            user = create_user(session, email, password, "maranello", "editor")
            tokens.append(issue_token(session, user, timedelta(hours=1)).secret)
        session.commit()
    engine.dispose()
    build_documents(url)
    return tokens


def _body(client: int, number: int) -> str:
    name = f"Scrittura {client}-{number}"
    texts = {lang: {"name": f"{name} {lang}", "summary": "Prova.", "description": TEXT}
             for lang in LANGUAGES}  # fmt: skip
    return json.dumps(
        {
            "kind": "heritage",
            "themes": ["heritage"],
            "municipality": "maranello",
            "location": {"lat": 44.52 + number * 1e-5, "lon": 10.86, "address": "Maranello"},
            "translations": texts,
        }
    )


def _client(address, token: str, client: int, deadline: float, done: list, errors: list):
    connection = HTTPConnection(*address, timeout=30)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json",
               "Host": "localhost"}  # fmt: skip
    number = 0
    while time.monotonic() < deadline:
        number += 1
        connection.request("POST", "/api/v1/listings", _body(client, number), headers)
        created = connection.getresponse()
        created.read()
        if created.status != 201:
            errors.append(created.status)
            continue
        slug = created.headers["Location"].rsplit("/", 1)[-1]
        publish = {**headers, "If-Match": created.headers["ETag"]}
        connection.request("POST", f"/api/v1/listings/{slug}/publish", b"", publish)
        published = connection.getresponse()
        published.read()
        if published.status == 200:
            done.append(time.monotonic())
        else:
            errors.append(published.status)


def measure(url: str, seconds: float, clients: int, workers: int) -> dict:
    tokens = _prepare(url, clients)
    env = {"DATABASE_URL": url, "RATELIMIT_ENABLED": "false", "SECRET_KEY": secrets.token_hex(32)}
    done, errors = [], []
    with (
        tempfile.TemporaryDirectory(prefix="distretto-writes-") as folder,
        gunicorn("writes", "wsgi:app", Gunicorn(workers=workers), env, Path(folder)) as server,
    ):
        started = time.monotonic()
        deadline = started + seconds
        threads = [
            threading.Thread(
                target=_client, args=(server.address, token, n, deadline, done, errors)
            )
            for n, token in enumerate(tokens)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    per_second = len(done) / elapsed
    return {
        "listing_writes": len(done),
        "seconds": round(elapsed, 1),
        "per_second": round(per_second, 1),
        "errors": len(errors),
        "target_per_second": TARGET_PER_SECOND,
        "met": per_second >= TARGET_PER_SECOND and not errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="postgresql")
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()
    if options.backend == "postgresql":
        scratch = postgres_database(PG_SERVER, "distretto_bench_writes")
    else:
        scratch = sqlite_database("bench-writes")
    with scratch as url:
        result = measure(url, options.seconds, options.clients, options.workers)
    settings = {"backend": options.backend, "clients": options.clients, "workers": options.workers}
    print(json.dumps({**settings, **result}))


if __name__ == "__main__":
    main()
