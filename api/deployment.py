"""Refuse to start a production server whose settings only look fine (review finding 11).

In-memory rate limits under several workers let each worker count on its own (two workers,
twice the limit, and a different answer per worker); debug mode shows internals. Both pass
every test, so the app checks them when it is created, before it answers anything.

Production is DISTRETTO_ENV=production, or more than one worker (DISTRETTO_WORKERS, which
gunicorn.conf.py sets from gunicorn's own setting).
"""

from collections.abc import Mapping


class UnsafeDeployment(RuntimeError):
    """The settings are not fit for production; the message says which and what to set."""


def is_production(config: Mapping) -> bool:
    return config.get("DISTRETTO_ENV") == "production" or config.get("DISTRETTO_WORKERS", 1) > 1


def check_deployment(config: Mapping) -> None:
    if not is_production(config):
        return
    problems = []
    if config.get("DEBUG"):
        problems.append("debug mode is on: unset FLASK_DEBUG (and DEBUG)")
    storage = str(config.get("RATELIMIT_STORAGE_URI") or "memory://")
    if config.get("RATELIMIT_ENABLED", True) and storage.startswith("memory://"):
        problems.append(
            "rate limits are kept in each worker's memory: set "
            "RATELIMIT_STORAGE_URI=redis://host:6379/0 so workers share them "
            "(or RATELIMIT_ENABLED=false where a proxy in front limits)"
        )
    if problems:
        workers = config.get("DISTRETTO_WORKERS", 1)
        why = "DISTRETTO_ENV=production" if workers <= 1 else f"{workers} workers"
        raise UnsafeDeployment(
            f"refusing to start in production ({why}): " + "; ".join(problems) + "."
        )
