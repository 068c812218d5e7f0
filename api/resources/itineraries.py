"""/itineraries/plan: a day plan for a visitor."""

from datetime import time

from flask import current_app
from flask_restx import Namespace, Resource

from api.database import get_session
from api.i18n import translate
from api.io import use_query
from api.offer_presenters import plan_data
from api.presenters import current_text_mode
from api.representations import choose
from api.representations import trips as trip_jsonld
from api.restx import docs, documented_errors, media_response
from api.schemas.offers import (
    OFFER_FORMATS,
    PlanQuerySchema,
    PlanSchema,
)
from api.schemas.query_fields import PointField
from catalog.errors import InvalidRequest, NotFound
from catalog.geo import Point
from catalog.i18n.messages import Message
from catalog.listings import queries as listings
from catalog.offers import campaigns, planner
from catalog.offers.travel import travel_from_settings

ns = Namespace("itineraries", description="A plan of one to three days for a visitor")
DEFAULT_FROM, DEFAULT_TO = time(9, 0), time(18, 0)


@ns.route("/plan")
class DayPlan(Resource):
    @ns.response(200, "An ordered plan (maybe empty, with a reason)", docs.model(PlanSchema))
    @documented_errors(400, 404, 406)
    @use_query(ns, docs, PlanQuerySchema)
    def get(self, query):
        """Plan one to three days of visits

        The best day a visitor can have from a starting point: the places chosen and ordered
        to maximise their total score (importance, the asked themes, the asked places), each
        visited while it is open, with lunch at a food place within 12:00-14:30 when the day
        spans it; travel times from the calibrated speed bands or the configured router
        (stated in `assumptions`). Places seen only from outside are stops only when asked
        for. Deterministic for the same input and catalogue.
        """
        mode = current_text_mode()
        output = choose(OFFER_FORMATS, query.get("format"))
        session = get_session()
        start, start_name = _start(session, query, mode)
        request = planner.Request(
            start=start,
            day=query["date"],
            window_from=query.get("from_") or DEFAULT_FROM,
            window_to=query.get("to") or DEFAULT_TO,
            themes=tuple(query["themes"]),
            days=query["days"],
            include=_included(session, query["include"], mode),
            include_outside=query["include_outside"],
        )
        if request.window_to <= request.window_from:
            raise InvalidRequest({"to": [Message("Must be later than from.")]})
        plan = planner.plan_trip(session, request, _travel())
        ids = [stop.listing_id for stop in plan.stops] + [n.listing_id for n in plan.nights]
        loaded = listings.load_presentable(session, ids, mode.chain)
        by_id = {listing.id: listing for listing in loaded}
        reason = translate(plan.reason) if plan.reason else None
        body = PlanSchema().dump(plan_data(plan, by_id, mode, start_name, reason))
        if output == "jsonld":
            return media_response(trip_jsonld.plan_trip(body), output)
        return media_response(body, output)


def _travel():
    """The router of DISTRETTO_ROUTER_URL when one is set, else the calibrated speed bands."""
    return travel_from_settings(
        current_app.config["DISTRETTO_ROUTER_URL"], current_app.config["DISTRETTO_ROUTER_TIMEOUT"]
    )


def _included(session, keys: list[str], mode) -> tuple[int, ...]:
    """The asked places by slug or id; an unknown one is the visitor's mistake, said so."""
    found = []
    for key in keys:
        try:
            found.append(listings.get_listing(session, key, chain=mode.chain).id)
        except NotFound as error:
            raise InvalidRequest({"include": [error.detail]}) from None
    return tuple(dict.fromkeys(found))


def _start(session, query, mode) -> tuple[Point, str]:
    if bool(query.get("start")) == bool(query.get("hub")):
        raise InvalidRequest({"start": [Message("Give either start or hub.")]})
    if query.get("hub"):
        campaign = campaigns.find_campaign(session, query["hub"], chain=mode.chain)
        if campaign.hub_lat is None:
            raise InvalidRequest({"hub": [Message("This campaign has no hub point.")]})
        return Point(campaign.hub_lat, campaign.hub_lon), campaign.hub_name
    value = query["start"]
    if "," in value:
        point = PointField().deserialize(value)
        return point, f"{point.lat},{point.lon}"
    listing = listings.get_listing(session, value, chain=mode.chain)
    return Point(listing.lat, listing.lon), listing.slug
