"""A page of a collection: every collection pages the same way (page, limit, total)."""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Page:
    items: list[Any]
    total: int
    page: int
    limit: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.limit))

    @classmethod
    def of(cls, found: list, page: int, limit: int) -> "Page":
        """The page-th slice of an already complete, ordered list."""
        start = (page - 1) * limit
        return cls(found[start : start + limit], len(found), page, limit)
