"""What a result depends on besides the code: the machine, the versions, the commit."""

import os
import platform
import sqlite3
from importlib import metadata
from pathlib import Path

from catalog.settings import PROJECT_ROOT

PACKAGES = (
    "Flask",
    "Werkzeug",
    "flask-restx",
    "marshmallow",
    "SQLAlchemy",
    "alembic",
    "psycopg",
    "gunicorn",
    "Flask-Limiter",
    "Babel",
)


def machine() -> dict:
    return {
        "cores": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "memory_mb": _memory_mb(),
        "platform": platform.platform(),
        "load_average_at_start": load_average(),
    }


def load_average() -> list[float]:
    """Other work on the machine shows in the figures: the load averages say how much."""
    return [round(x, 2) for x in os.getloadavg()]


def versions(wrk: str | None, postgresql: str | None) -> dict:
    return {
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": postgresql,
        "wrk": wrk,
        "packages": {name: _version(name) for name in PACKAGES},
    }


def commit() -> str | None:
    """The checked-out commit, read from .git without running git (uncommitted changes are
    not visible here: say so when you compare)."""
    git = PROJECT_ROOT / ".git"
    try:
        head = (git / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head[:7]
        ref = head.removeprefix("ref: ")
        loose = git / ref
        if loose.exists():
            return loose.read_text().strip()[:7]
        for line in (git / "packed-refs").read_text().splitlines():
            if line.endswith(" " + ref):
                return line.split()[0][:7]
    except OSError:
        return None
    return None


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_mb() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return None


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None
