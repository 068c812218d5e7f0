"""The catalogue's state (change counter, read model marker), read once per request: the
cache validators and the read model both need it."""

from flask import g

from api.database import get_session
from catalog import freshness
from catalog.freshness import Freshness


def catalogue_state() -> Freshness:
    if "catalogue_state" not in g:
        g.catalogue_state = freshness.current(get_session())
    return g.catalogue_state
