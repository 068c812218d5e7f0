"""The dashboard of my towns: what there is, and the worklists that make the data better."""

from flask import Blueprint, render_template
from sqlalchemy import func, select

from api.database import get_session
from catalog.models import Listing
from office.session import current_actor, signed_in


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/", "dashboard", signed_in(dashboard))


def dashboard():
    actor = current_actor()
    query = select(Listing.status, func.count()).group_by(Listing.status)
    if not actor.is_admin:
        query = query.where(Listing.municipality_id.in_(actor.municipality_ids))
    counts = dict(get_session().execute(query).all())
    return render_template("office/dashboard.html", nav="dashboard", counts=counts)
