"""ETags and If-Match: reads say which version they show; writes say which one they change."""

import re

from flask import request

from catalog.revisions import ANY_VERSION

_VERSION = re.compile(r'"v(\d+)(?:-[^"]*)?"')


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
    if not versions:
        raise MalformedPrecondition()
    return int(versions[0])
