"""Render listings into the read model: the presenters' own output, once per language.

A document is exactly what `GET /listings/<slug>` sends (the presenters and the output schema
make it), with two differences kept byte-safe: the URL root of its links is the character
\\x01 (JSON escapes every control character a text may hold, so a raw \\x01 can only be ours;
serving puts the request's root back), and `extras_at` says where the members a request adds
(distance_km, open, next_opening) go.
"""

import hashlib
import secrets
from collections.abc import Iterable
from pathlib import Path

from flask import current_app, g, json, url_for
from flask_babel import force_locale

from api.locale import language_policy
from api.presenters import listing_data, text_mode_for
from api.schemas.listings import ListingSchema
from catalog.models import Listing

URL_ROOT = "\x01"
EVERY_LANGUAGE = "*"
_MARK = f"read-model-{secrets.token_hex(8)}:"
"""Stands for the URL root in the links while a document is dumped: no text can contain it."""
_EXTRAS_BEFORE = ', "display": '
_SCHEMA = ListingSchema()
_SELF = "api.listings_listing"
_SHAPING = ("presenters.py", "formatting.py", "schemas/listings.py", "read_model/render.py")


def _rendering() -> str:
    """Names the code that shapes a listing's representation: documents made by another
    version of it are stale, and reads leave them alone until a rebuild."""
    digest = hashlib.sha256()
    api_folder = Path(__file__).resolve().parent.parent
    for name in _SHAPING:
        digest.update((api_folder / name).read_bytes())
    return "listings-" + digest.hexdigest()[:16]


RENDERING = _rendering()


def document_languages() -> tuple[str, ...]:
    return (*language_policy().supported, EVERY_LANGUAGE)


def documents(listings: Iterable[Listing]) -> list[dict]:
    """Rows of listing_documents for these listings (every text loaded), every language."""
    rows = []
    g.setdefault("read_model_rendering", True)  # Flask-Babel ignores an empty g
    with current_app.test_request_context():
        root = url_root()
        for language in document_languages():
            rows.extend(_in_language(listings, language, root))
    return rows


def url_root() -> str:
    """What url_for puts before a path here (scheme, host, script root)."""
    path = current_app.url_map.bind("localhost").build(_SELF, {"key": "-"})
    return url_for(_SELF, key="-", _external=True).removesuffix(path)


def _in_language(listings: Iterable[Listing], language: str, root: str) -> list[dict]:
    mode = text_mode_for(language)
    rows = []
    with force_locale(mode.chain[0] if language != EVERY_LANGUAGE else language_policy().default):
        for listing in listings:
            dumped = _SCHEMA.dump(listing_data(listing, mode))
            dumped["links"] = {
                name: _MARK + link.removeprefix(root) for name, link in dumped["links"].items()
            }
            body = json.dumps(dumped).replace(_MARK, URL_ROOT)
            rows.append(
                {
                    "listing_id": listing.id,
                    "lang": language,
                    "body": body,
                    "extras_at": body.rindex(_EXTRAS_BEFORE),
                }
            )
    return rows
