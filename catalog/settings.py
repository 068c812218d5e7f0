"""Defaults that the domain, the CLI and the app share, read from the environment."""

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def instance_path() -> Path:
    return Path(os.environ.get("DISTRETTO_INSTANCE_PATH") or PROJECT_ROOT / "instance")


def default_database_url() -> str:
    """The embedded default: a SQLite file in the instance folder."""
    return f"sqlite:///{instance_path() / 'distretto.sqlite3'}"
