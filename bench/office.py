"""`python -m bench.office`: the back office's server time per page at the scale of a region
(issue 14: every office page under 100 ms at 10,000 listings).

The synthetic catalogue of bench/ (the real seeds plus N synthetic listings in eight
languages) in a scratch database per backend; the app in process, signed in through the real
form as a Maranello editor and as an admin; each page asked `--repeat` times after one warm-up.
Server time is the WSGI call's wall time (no network, no browser), the part the app owns.
"""

import argparse
import re
import secrets
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bench.database import build_catalogue
from catalog.access.accounts import create_user
from catalog.db import make_engine
from catalog.models import Listing, Municipality
from harness import results
from harness.cli import add_backend, databases

TARGET_MS = 100.0
RESULTS = Path(__file__).parent / "results"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PAGES = (
    ("editor", "/office/"),
    ("editor", "/office/listings"),
    ("editor", "/office/listings?q=zir&status=published"),
    ("editor", "/office/listings?town=maranello&status=draft"),
    ("editor", "/office/listings?worklist=no_hours"),
    ("editor", "/office/listings?page=40"),
    ("editor", "/office/listings/{edited}"),
    ("editor", "/office/listings/{edited}/history"),
    ("editor", "/office/listings/museo-ferrari-maranello"),
    ("editor", "/office/events"),
    ("editor", "/office/packages"),
    ("admin", "/office/"),
    ("admin", "/office/listings"),
    ("admin", "/office/users"),
    ("admin", "/office/api-keys"),
)
ACCOUNTS = {"editor": "maranello", "admin": "distretto"}


def parse(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.office", description=__doc__)
    parser.add_argument("--listings", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    add_backend(parser)
    return parser.parse_args(argv)


def measure(url: str, listings: int, repeat: int) -> dict:
    from api import create_app

    load = build_catalogue(url, listings)
    passwords, edited = _accounts(url), _maranello_listing(url)
    app = create_app({"DATABASE_URL": url, "RATELIMIT_ENABLED": False})
    clients = {who: _signed_in(app, who, password) for who, password in passwords.items()}
    rows = []
    for who, page in PAGES:
        client, path = clients[who], page.format(edited=edited)
        status = client.get(path).status_code  # warm-up, and the status to report
        times = []
        for _ in range(repeat):
            began = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - began) * 1000)
        p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
        rows.append(
            {
                "who": who,
                "path": path,
                "status": status,
                "median_ms": round(statistics.median(times), 1),
                "p95_ms": round(p95, 1),
                "met": status == 200 and p95 < TARGET_MS,
            }
        )
    return {"listings": load.listings + load.seeded_listings, "pages": rows}


def _accounts(url: str) -> dict[str, str]:
    engine = make_engine(url)
    passwords = {}
    with Session(engine) as session:
        for who, organisation in ACCOUNTS.items():
            passwords[who] = secrets.token_urlsafe(18)
            role = "admin" if who == "admin" else "editor"
            create_user(session, f"bench-{who}@bench.example", passwords[who], organisation, role)
        session.commit()
    engine.dispose()
    return passwords


def _maranello_listing(url: str) -> str:
    """A synthetic listing the Maranello editor may change (its editor and history)."""
    engine = make_engine(url)
    with Session(engine) as session:
        slug = session.scalar(
            select(Listing.slug)
            .join(Municipality, Municipality.id == Listing.municipality_id)
            .where(Municipality.slug == "maranello", Listing.slug.like("synthetic-%"))
            .order_by(Listing.id)
            .limit(1)
        )
    engine.dispose()
    return slug


def _signed_in(app, who: str, password: str):
    client = app.test_client()
    token = CSRF.search(client.get("/office/sign-in").text).group(1)
    form = {"email": f"bench-{who}@bench.example", "password": password, "csrf_token": token}
    assert client.post("/office/sign-in", data=form).status_code == 302
    return client


def table(document: dict) -> str:
    lines = [f"office pages, {document['backend']}, {document['listings']} listings "
             f"(target p95 < {TARGET_MS:g} ms server time)",
             f"{'as':7} {'page':52} {'status':>6} {'median':>8} {'p95':>8}  met"]  # fmt: skip
    for row in document["pages"]:
        lines.append(
            f"{row['who']:7} {row['path'][:52]:52} {row['status']:>6} "
            f"{row['median_ms']:>8} {row['p95_ms']:>8}  {'yes' if row['met'] else 'NO'}"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    options = parse(argv)
    missed = False
    for backend, database in databases(options.backend, "office"):
        started = datetime.now(UTC).replace(microsecond=0)
        with database as url:
            figures = measure(url, options.listings, options.repeat)
        document = {"started_at": started.isoformat(), "backend": backend, **figures}
        path = results.save(document, RESULTS, "office")
        print(f"{table(document)}\nresults: {path}\n")
        missed |= not all(row["met"] for row in figures["pages"])
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
