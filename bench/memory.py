"""Resident memory of the gunicorn workers, and a walk through every list page that fills the
response cache of the app as deployed (what a partner's sync does)."""

from concurrent.futures import ThreadPoolExecutor

from bench.capture import Answer, fetch
from bench.scenarios import LIST
from harness.servers import Server

MEMORY_TARGET_MB = 150


def worker_memory(
    app: Server, uncached: Server, ceiling: Server, answers: dict[str, Answer]
) -> dict:
    """RSS per worker after the load; for the app as deployed also after a partner's sync walk
    through every page of the list, which fills its response cache."""
    memory = {
        "uncached_workers_mb": uncached.worker_rss_mb(),
        "app_workers_mb": app.worker_rss_mb(),
        "ceiling_workers_mb": ceiling.worker_rss_mb(),
    }
    walked = walk_pages(app, answers)
    if walked:
        memory["app_workers_after_page_walk_mb"] = app.worker_rss_mb()
        memory["page_walk"] = walked
    workers = [
        *memory["uncached_workers_mb"],
        *memory["app_workers_mb"],
        *memory.get("app_workers_after_page_walk_mb", []),
    ]
    memory["target_mb"] = MEMORY_TARGET_MB
    memory["met"] = bool(workers) and max(workers) < MEMORY_TARGET_MB
    return memory


def walk_pages(app: Server, answers: dict[str, Answer]) -> str | None:
    """Every page of the list scenario's URL, one request per worker at a time; None without
    a list scenario."""
    listed = answers.get(LIST.key)
    body = listed.json() if listed else None
    if not body or not body.get("total"):
        return None
    pages = -(-body["total"] // body["limit"])
    paths = [f"{LIST.path}&page={page}" for page in range(1, pages + 1)]
    with ThreadPoolExecutor(max_workers=app.settings.workers) as pool:
        statuses = list(pool.map(lambda path: fetch(app.address, path).status, paths))
    return f"{LIST.path}&page=1..{pages}: {statuses.count(200)} answered 200"
