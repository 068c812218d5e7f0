"""/itineraries/plan: a day plan for a visitor."""

from datetime import time

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
from catalog.errors import InvalidRequest
from catalog.geo import Point
from catalog.i18n.messages import Message
from catalog.listings import queries as listings
from catalog.offers import campaigns, planner

ns = Namespace("itineraries", description="A day plan for a visitor")
DEFAULT_FROM, DEFAULT_TO = time(9, 0), time(18, 0)


@ns.route("/plan")
class DayPlan(Resource):
    @ns.response(200, "An ordered day plan (maybe empty, with a reason)", docs.model(PlanSchema))
    @documented_errors(400, 404, 406)
    @use_query(ns, docs, PlanQuerySchema)
    def get(self, query):
        """Plan a day of visits

        Each stop is open on arrival for its suggested visit; lunch at a food place between
        12:00 and 14:30 when the day spans it; travel time from distance (road factor and
        speed stated). Deterministic for the same input.
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
        )
        if request.window_to <= request.window_from:
            raise InvalidRequest({"to": [Message("Must be later than from.")]})
        plan = planner.plan_day(session, request)
        listings.load_presentable(session, [stop.listing.id for stop in plan.stops], mode.chain)
        data = plan_data(plan, mode, start_name, translate(plan.reason) if plan.reason else None)
        body = PlanSchema().dump(data)
        if output == "jsonld":
            return media_response(trip_jsonld.plan_trip(body), output)
        return media_response(body, output)


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
