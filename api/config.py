"""Configuration from environment variables (documented in the README)."""

import os

from catalog.i18n.languages import DEFAULT_FALLBACK, DEFAULT_LANGUAGES, SOURCE_LANGUAGE
from catalog.settings import default_database_url


def _csv(name: str, default: tuple[str, ...]) -> tuple[str, ...]:
    raw = os.environ.get(name)
    if not raw:
        return default
    return tuple(part.strip() for part in raw.split(",") if part.strip())


def from_environment() -> dict:
    """The settings a deployment changes; every one has a safe default for a laptop."""
    return {
        "DATABASE_URL": os.environ.get("DATABASE_URL") or default_database_url(),
        "DATABASE_READ_URL": os.environ.get("DATABASE_READ_URL") or None,
        "SECRET_KEY": os.environ.get("SECRET_KEY") or os.urandom(32).hex(),
        "DISTRETTO_LANGUAGES": _csv("DISTRETTO_LANGUAGES", DEFAULT_LANGUAGES),
        "DISTRETTO_DEFAULT_LANGUAGE": os.environ.get("DISTRETTO_DEFAULT_LANGUAGE")
        or SOURCE_LANGUAGE,
        "DISTRETTO_FALLBACK_LANGUAGES": _csv("DISTRETTO_FALLBACK_LANGUAGES", DEFAULT_FALLBACK),
        "DISTRETTO_DEFAULT_PAGE_SIZE": int(os.environ.get("DISTRETTO_DEFAULT_PAGE_SIZE", "20")),
        "DISTRETTO_MAX_PAGE_SIZE": int(os.environ.get("DISTRETTO_MAX_PAGE_SIZE", "100")),
        "DISTRETTO_TOKEN_HOURS": int(os.environ.get("DISTRETTO_TOKEN_HOURS", "12")),
        # Fair use: partners get the limit of their key; these apply to the others.
        "DISTRETTO_ANONYMOUS_RATE_LIMIT": os.environ.get(
            "DISTRETTO_ANONYMOUS_RATE_LIMIT", "120 per minute"
        ),
        "DISTRETTO_EDITOR_RATE_LIMIT": os.environ.get(
            "DISTRETTO_EDITOR_RATE_LIMIT", "600 per minute"
        ),
        # Requests whose API key or token is refused, per address: guessing gets 429s.
        "DISTRETTO_BAD_CREDENTIALS_RATE_LIMIT": os.environ.get(
            "DISTRETTO_BAD_CREDENTIALS_RATE_LIMIT", "20 per minute"
        ),
        # Absolute links are built from this (e.g. https://api.example.org); without it only
        # the trusted hosts are answered, so a forged Host never reaches a link or the cache.
        "DISTRETTO_PUBLIC_URL": os.environ.get("DISTRETTO_PUBLIC_URL") or None,
        "DISTRETTO_TRUSTED_HOSTS": _csv(
            "DISTRETTO_TRUSTED_HOSTS", ("localhost", "127.0.0.1", "::1")
        ),
        "DISTRETTO_CORS_WRITE_ORIGINS": _csv("DISTRETTO_CORS_WRITE_ORIGINS", ()),
        # Reverse proxies in front that append X-Forwarded-For/-Proto; 0 trusts none.
        "DISTRETTO_PROXY_HOPS": int(os.environ.get("DISTRETTO_PROXY_HOPS", "0")),
        # An OSRM-compatible `table` service for the planner's travel times; unset: speed bands.
        "DISTRETTO_ROUTER_URL": os.environ.get("DISTRETTO_ROUTER_URL") or None,
        "DISTRETTO_ROUTER_TIMEOUT": float(os.environ.get("DISTRETTO_ROUTER_TIMEOUT", "5")),
        # The back office's map picker: a tile URL template ({z}/{x}/{y}) and its credit;
        # unset, the picker shows no map and the coordinates are typed.
        "DISTRETTO_TILE_URL": os.environ.get("DISTRETTO_TILE_URL") or None,
        "DISTRETTO_TILE_ATTRIBUTION": os.environ.get(
            "DISTRETTO_TILE_ATTRIBUTION", "© OpenStreetMap contributors"
        ),
        "DISTRETTO_OFFICE_SESSION_HOURS": int(
            os.environ.get("DISTRETTO_OFFICE_SESSION_HOURS", "8")
        ),
        "CACHE_TYPE": os.environ.get("CACHE_TYPE", "SimpleCache"),
        "CACHE_REDIS_URL": os.environ.get("CACHE_REDIS_URL"),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_ENABLED": os.environ.get("RATELIMIT_ENABLED", "true").lower() != "false",
        # "production" (or several workers) refuses debug and in-memory rate limits at start;
        # gunicorn.conf.py sets DISTRETTO_WORKERS from gunicorn's own --workers.
        "DISTRETTO_ENV": os.environ.get("DISTRETTO_ENV", "development"),
        "DISTRETTO_WORKERS": int(os.environ.get("DISTRETTO_WORKERS", "1")),
        # Bodies over this many bytes are refused with 413 before they are parsed.
        "MAX_CONTENT_LENGTH": int(os.environ.get("DISTRETTO_MAX_BODY_BYTES", str(256 * 1024))),
        # flask-restx: our problem+json bodies say everything; no extra "message" key.
        "ERROR_INCLUDE_MESSAGE": False,
        "RESTX_MASK_SWAGGER": False,
    }
