"""Listings for the office's tests, made the way editors make them: through the write core
(catalog/editable.py) as an office's actor, so scope, revisions and derived data (the search
index, the sort names) are the real ones."""

from sqlalchemy import select

from catalog import editable
from catalog.access.accounts import actor_for_user, load_user
from catalog.access.permissions import Actor
from catalog.i18n.languages import DEFAULT_LANGUAGES
from catalog.listings.kind import LISTING
from catalog.models import Listing, User
from tests.conftest import make_user
from tests.office.conftest import ACCOUNTS

HOURS = {
    "by_appointment": False,
    "timezone": "Europe/Rome",
    "weekly": [{"days": ["sat", "sun"], "opens": "10:00", "closes": "18:00"}],
    "seasons": [],
    "exceptions": [],
}
CENTRES = {"sassuolo": (44.5437, 10.7848), "maranello": (44.5260, 10.8664)}


def actor(session, name: str) -> Actor:
    """An actor of the office `office(name)` signs in to (a colleague's account, so that the
    fixture can still make its own)."""
    _, organisation, role = ACCOUNTS[name]
    email = f"{name}-colleague@example.org"
    user = session.scalar(select(User).where(User.email == email))
    if user is None:
        user = make_user(session, email, organisation, role)
    return actor_for_user(load_user(session, user.id))


def texts(name: str, languages=DEFAULT_LANGUAGES) -> dict:
    return {
        lang: {
            "name": name if lang == "it" else f"{name} ({lang})",
            "summary": f"Riassunto {lang}.",
            "description": f"<p>Descrizione {lang}.</p>",
        }
        for lang in languages
    }


def state(name: str, town: str = "sassuolo", **changes) -> dict:
    """A complete listing: hours, an exact point, every language, no media."""
    lat, lon = CENTRES[town]
    return {
        "kind": "heritage",
        "themes": ["heritage"],
        "municipality": town,
        "location": {"lat": lat, "lon": lon, "address": f"Via Roma 1, {town}"},
        "opening_hours": HOURS,
        "media": [],
        "translations": texts(name),
        **changes,
    }


def create(session, who: Actor, slug: str, name: str | None = None, *, publish=False, **changes):
    """A draft (or, with publish=True, a published listing) of `who`'s office."""
    listing = editable.create(session, LISTING, who, state(name or slug, **changes), slug)
    if publish:
        editable.set_status(session, LISTING, who, listing, "publish", listing.version)
    session.flush()
    return listing


def update(session, who: Actor, listing: Listing, **changes) -> Listing:
    """Change some of the state, as an editor's PATCH does."""
    current = LISTING.read(session, listing)
    editable.update(session, LISTING, who, listing, {**current, **changes}, listing.version)
    session.flush()
    return listing
