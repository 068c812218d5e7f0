"""ETags and If-Match: reads say which version they show; writes say which one they change."""

import re

from flask import request

from catalog.models.base import MAX_INTEGER
from catalog.revisions import ANY_VERSION

_VERSION = re.compile(r'"v([0-9]+)(?:-[^"]*)?"')


class PreconditionRequired(Exception):
    """A write without If-Match: we will not guess which version it meant to change."""


class MalformedPrecondition(Exception):
    """An If-Match that names no version of ours."""


def etag(version: int, language: str) -> str:
    """Strong ETag: the representation differs by version and by language."""
    return f'"v{version}-{language}"'


def expected_version() -> int | None:
    header = request.headers.get("If-Match")
    if header is None or not header.strip():
        raise PreconditionRequired()
    if header.strip() == "*":
        return ANY_VERSION
    versions = _VERSION.findall(header)
    # Versions are Integer columns: more digits than that names no version (and int() of
    # thousands of digits raises, by Python's own guard against slow conversions).
    if not versions or len(versions[0]) > len(str(MAX_INTEGER)) or int(versions[0]) > MAX_INTEGER:
        raise MalformedPrecondition()
    return int(versions[0])
