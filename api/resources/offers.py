"""Packages, campaigns and the day planner: the district as one integrated offer."""

from datetime import time

from flask_restx import Namespace, Resource

from api.auth import current_actor
from api.database import get_session
from api.i18n import translate
from api.io import use_query
from api.lifecycle import (
    EditableRoutes,
    add_lifecycle_routes,
    collection_writes,
    detail_writes,
    read_response,
)
from api.offer_presenters import campaign_data, campaign_detail, package_data, plan_data
from api.paging import link_header, page_body
from api.presenters import current_text_mode
from api.representations import choose
from api.representations import trips as trip_jsonld
from api.restx import docs, documented_errors, media_response, operation, render
from api.schemas.base import QuerySchema
from api.schemas.offers import (
    OFFER_FORMATS,
    CampaignDetailSchema,
    CampaignListSchema,
    OfferDetailQuerySchema,
    PackageListSchema,
    PackageQuerySchema,
    PackageSchema,
    PlanQuerySchema,
    PlanSchema,
)
from api.schemas.package_write import PackageCreateSchema, PackageWriteSchema
from api.schemas.query_fields import PointField
from catalog.errors import InvalidRequest
from catalog.geo import Point
from catalog.i18n.messages import Message
from catalog.listings import queries as listings
from catalog.offers import campaigns, packages, planner
from catalog.offers.package_kind import PACKAGE
from catalog.paging import Page

packages_ns = Namespace("packages", description="Integrated offers across towns and themes")
campaigns_ns = Namespace("campaigns", description="Expo 2015 and later campaigns")
itineraries_ns = Namespace("itineraries", description="A day plan for a visitor")
DEFAULT_FROM, DEFAULT_TO = time(9, 0), time(18, 0)


def package_detail(slug: str) -> tuple[dict, int]:
    mode = current_text_mode()
    view = packages.get_package(get_session(), slug, chain=mode.chain, actor=current_actor())
    return package_data(view, mode), view.package.version


PACKAGE_SCHEMAS = (PackageSchema, PackageWriteSchema, PackageCreateSchema)
ROUTES = EditableRoutes(packages_ns, PACKAGE, "slug", package_detail, *PACKAGE_SCHEMAS)
DETAIL_RENDERERS = {"jsonld": trip_jsonld.package_trip}
LIST_RENDERERS = {
    "jsonld": lambda body: trip_jsonld.trip_list(body["items"], current_text_mode().language)
}


@packages_ns.route("")
class PackageCollection(collection_writes(ROUTES)):
    @operation(
        packages_ns,
        200,
        "The published packages",
        PackageListSchema,
        query=PackageQuerySchema,
        errors=(400, 406),
    )
    def get(self, query):
        """List the packages (integrated offers)"""
        mode = current_text_mode()
        output = choose(OFFER_FORMATS, query.get("format"))
        session = get_session()
        listings.check_municipalities(session, tuple(query["municipality"]))
        views = packages.list_packages(
            session,
            chain=mode.chain,
            themes=tuple(query["theme"]),
            municipalities=tuple(query["municipality"]),
            campaign_id=campaigns.campaign_filter_id(session, query.get("campaign")),
        )
        page = Page.of(views, query["page"], query["limit"])
        items = [package_data(view, mode) for view in page.items]
        body = PackageListSchema().dump(page_body(page, items))
        return render(body, output, LIST_RENDERERS, {"Link": link_header(body["links"])})


@packages_ns.route("/<string:slug>")
@packages_ns.param("slug", "The package's slug")
class Package(detail_writes(ROUTES)):
    @operation(
        packages_ns,
        200,
        "The package with its stops resolved",
        PackageSchema,
        query=OfferDetailQuerySchema,
        errors=(400, 404, 406),
    )
    def get(self, slug, query):
        """Get one package: its stops in order, with the distances between them"""
        output = choose(OFFER_FORMATS, query.get("format"))
        data, version = package_detail(slug)
        return read_response(ROUTES, data, version, output, DETAIL_RENDERERS)


add_lifecycle_routes(ROUTES)


@campaigns_ns.route("")
class CampaignCollection(Resource):
    @operation(campaigns_ns, 200, "The campaigns", CampaignListSchema)
    def get(self, query):
        """List the campaigns"""
        mode = current_text_mode()
        found = campaigns.list_campaigns(get_session(), chain=mode.chain)
        body = CampaignListSchema().dump({"items": [campaign_data(c, mode) for c in found]})
        return media_response(body, "json")


@campaigns_ns.route("/<string:slug>")
@campaigns_ns.param("slug", "The campaign's slug, e.g. expo-2015")
class Campaign(Resource):
    @campaigns_ns.response(
        200, "The campaign with its featured content", docs.model(CampaignDetailSchema)
    )
    @documented_errors(400, 404)
    @use_query(campaigns_ns, docs, QuerySchema)
    def get(self, slug, query):
        """Get one campaign, its featured listings (with distance from the hub) and packages"""
        mode = current_text_mode()
        view = campaigns.get_campaign(get_session(), slug, chain=mode.chain)
        return media_response(CampaignDetailSchema().dump(campaign_detail(view, mode)), "json")


@itineraries_ns.route("/plan")
class DayPlan(Resource):
    @itineraries_ns.response(
        200, "An ordered day plan (maybe empty, with a reason)", docs.model(PlanSchema)
    )
    @documented_errors(400, 404, 406)
    @use_query(itineraries_ns, docs, PlanQuerySchema)
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
