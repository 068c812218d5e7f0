"""The catalogue's state (change counter, read model marker), read once per request: the
cache validators and the read model both need it."""

from flask import g, request

from api.database import get_session
from api.public_reads import STATE
from catalog import freshness
from catalog.freshness import Freshness


def catalogue_state() -> Freshness:
    """Read once: by api/public_reads.py before the app when it is on, else here."""
    if "catalogue_state" not in g:
        known = request.environ.get(STATE)
        g.catalogue_state = known or freshness.current(get_session())
    return g.catalogue_state
