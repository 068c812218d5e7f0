"""The results files: one JSON document per run and database, named after its UTC start."""

import json
from datetime import datetime
from pathlib import Path


def save(document: dict, folder: Path, variant: str | None = None) -> Path:
    """`<start>-<backend>[-<variant>].json`: a smoke run's variant keeps it apart."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.fromisoformat(document["started_at"]).strftime("%Y%m%dT%H%M%SZ")
    suffix = f"-{variant}" if variant else ""
    path = folder / f"{stamp}-{document['backend']}{suffix}.json"
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
