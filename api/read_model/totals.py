"""How many published listings each filter matches, remembered per catalogue version.

A partner paging through the catalogue asks the same filters page after page and language
after language; the count is the same until the next write (which bumps the version), so each
worker counts it once per version instead of once per page.
"""

from threading import Lock

from flask import Flask, current_app

EXTENSION = "distretto.read_model.totals"
MAX_FILTERS = 1000


class Totals:
    def __init__(self) -> None:
        self._lock = Lock()
        self._version: int | None = None
        self._totals: dict = {}

    def at(self, version: int) -> dict:
        """The totals of this version: a fresh, empty map after a write (or when full)."""
        with self._lock:
            if self._version != version or len(self._totals) >= MAX_FILTERS:
                self._version, self._totals = version, {}
            return self._totals


def init_totals(app: Flask) -> None:
    app.extensions[EXTENSION] = Totals()


def totals_at(version: int) -> dict:
    return current_app.extensions[EXTENSION].at(version)
