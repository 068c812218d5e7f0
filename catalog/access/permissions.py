"""Who may do what: the policy, in one place, for every write and every non-public read.

Admins act district-wide. Editors act on the municipalities their organisation covers (the
district coordination covers all six).
"""

from dataclasses import dataclass

from catalog.errors import Forbidden, NotAuthenticated
from catalog.i18n.messages import Message


@dataclass(frozen=True)
class Actor:
    """The person behind a request, passed explicitly into every domain write."""

    user_id: int
    email: str
    role: str
    organisation_id: int
    organisation_slug: str
    municipality_ids: frozenset[int]

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def covers(self, municipality_id: int) -> bool:
        return self.is_admin or municipality_id in self.municipality_ids


def require_actor(actor: Actor | None) -> Actor:
    if actor is None:
        raise NotAuthenticated(Message("Sign in with a bearer token to do this."))
    return actor


def require_municipality(actor: Actor | None, municipality_id: int) -> Actor:
    """The actor may write content of this municipality."""
    actor = require_actor(actor)
    if not actor.covers(municipality_id):
        raise Forbidden(Message("This belongs to a municipality your organisation does not cover."))
    return actor


def may_refer_to(actor: Actor | None, status: str, municipality_id: int) -> bool:
    """What a write may link to (an event's place, a package's stop): what its author can see.
    Without an actor (seeds, importers) the system refers to anything."""
    return actor is None or status == "published" or actor.covers(municipality_id)


def can_see_unpublished(actor: Actor | None, municipality_id: int) -> bool:
    """Drafts and archived listings are visible to their own office and to admins only."""
    return actor is not None and actor.covers(municipality_id)
