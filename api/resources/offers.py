"""Packages, campaigns and the day planner: the district as one integrated offer."""

from datetime import time

from flask_restx import Namespace, Resource

from api.auth import current_actor
from api.body import json_body, load
from api.conditional import etag, expected_version
from api.database import commit, get_session
from api.i18n import translate
from api.io import use_query
from api.merge_patch import merge_patch
from api.offer_presenters import campaign_data, campaign_detail, package_data, plan_data
from api.presenters import current_text_mode
from api.representations import choose
from api.representations import trips as trip_jsonld
from api.resources.listings import revision_data
from api.restx import docs, documented_errors, json_response, media_response
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
from api.schemas.revisions import RevisionListSchema
from catalog import campaigns, listings, package_editing, packages, planner
from catalog.errors import InvalidRequest
from catalog.geo import Point
from catalog.i18n import Message
from catalog.permissions import require_actor

packages_ns = Namespace("packages", description="Integrated offers across towns and themes")
campaigns_ns = Namespace("campaigns", description="Expo 2015 and later campaigns")
itineraries_ns = Namespace("itineraries", description="A day plan for a visitor")
DEFAULT_FROM, DEFAULT_TO = time(9, 0), time(18, 0)


@packages_ns.route("")
class PackageCollection(Resource):
    @packages_ns.response(200, "The published packages", docs.model(PackageListSchema))
    @documented_errors(400, 406)
    @use_query(packages_ns, docs, PackageQuerySchema)
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
        body = PackageListSchema().dump(
            {"items": [package_data(view, mode) for view in views], "total": len(views)}
        )
        if output == "jsonld":
            return media_response(trip_jsonld.trip_list(body["items"], mode.language), output)
        return media_response(body, output)

    @packages_ns.expect((docs.model(PackageCreateSchema), "The package; stops by listing slug"))
    @packages_ns.response(201, "The new draft", docs.model(PackageSchema))
    @documented_errors(400, 401, 403, 409, 413, 415, 422)
    @use_query(packages_ns, docs, QuerySchema)
    def post(self, query):
        """Create a package (a draft) from listings in the towns you cover"""
        require_actor(current_actor())
        data = load(PackageCreateSchema(), json_body())
        slug = data.pop("slug")
        package_editing.create_package(get_session(), current_actor(), data, slug)
        commit()
        return _package_response(slug, status=201, headers={"Location": f"/api/v1/packages/{slug}"})


@packages_ns.route("/<string:slug>")
@packages_ns.param("slug", "The package's slug")
class Package(Resource):
    @packages_ns.response(200, "The package with its stops resolved", docs.model(PackageSchema))
    @documented_errors(400, 404, 406)
    @use_query(packages_ns, docs, OfferDetailQuerySchema)
    def get(self, slug, query):
        """Get one package: its stops in order, with the distances between them"""
        mode = current_text_mode()
        output = choose(OFFER_FORMATS, query.get("format"))
        view = packages.get_package(get_session(), slug, chain=mode.chain, actor=current_actor())
        body = PackageSchema().dump(package_data(view, mode))
        headers = {"ETag": etag(view.package.version, mode.language)}
        if output == "jsonld":
            return media_response(trip_jsonld.package_trip(body), output, headers)
        return media_response(body, output, headers)

    @packages_ns.expect((docs.model(PackageWriteSchema), "A JSON merge patch of the package"))
    @packages_ns.response(200, "The changed package", docs.model(PackageSchema))
    @documented_errors(400, 401, 403, 404, 412, 413, 415, 422, 428)
    @use_query(packages_ns, docs, QuerySchema)
    def patch(self, slug, query):
        """Change a package (JSON merge patch; needs If-Match)"""
        require_actor(current_actor())
        version = expected_version()
        body = json_body()
        session = get_session()
        package = package_editing.get_package_for_edit(session, slug, current_actor())
        current = PackageWriteSchema().dump(package_editing.package_state(session, package))
        merged = merge_patch(current, body) if isinstance(body, dict) else body
        data = load(PackageWriteSchema(), merged)
        package_editing.update_package(session, current_actor(), package, data, version)
        commit()
        return _package_response(slug)

    @packages_ns.response(200, "The package, archived", docs.model(PackageSchema))
    @documented_errors(400, 401, 403, 404, 412, 428)
    @use_query(packages_ns, docs, QuerySchema)
    def delete(self, slug, query):
        """Delete a package: archived, hidden from the public, restorable"""
        return _package_action(slug, "delete")


def _package_action(slug: str, action: str):
    require_actor(current_actor())
    version = expected_version()
    session = get_session()
    package = package_editing.get_package_for_edit(session, slug, current_actor())
    package_editing.set_package_status(session, current_actor(), package, action, version)
    commit()
    return _package_response(slug)


def _package_response(slug: str, status: int = 200, headers: dict | None = None):
    mode = current_text_mode()
    session = get_session()
    session.expire_all()
    view = packages.get_package(session, slug, chain=mode.chain, actor=current_actor())
    headers = {**(headers or {}), "ETag": etag(view.package.version, mode.language)}
    return json_response(PackageSchema, package_data(view, mode), status=status, headers=headers)


@packages_ns.route("/<string:slug>/publish")
@packages_ns.param("slug", "The package's slug")
class PackagePublish(Resource):
    @packages_ns.response(200, "The package, published", docs.model(PackageSchema))
    @documented_errors(400, 401, 403, 404, 412, 428)
    @use_query(packages_ns, docs, QuerySchema)
    def post(self, slug, query):
        """Publish a package (needs If-Match)"""
        return _package_action(slug, "publish")


@packages_ns.route("/<string:slug>/unpublish")
@packages_ns.param("slug", "The package's slug")
class PackageUnpublish(Resource):
    @packages_ns.response(200, "The package, back to draft", docs.model(PackageSchema))
    @documented_errors(400, 401, 403, 404, 412, 428)
    @use_query(packages_ns, docs, QuerySchema)
    def post(self, slug, query):
        """Unpublish a package back to draft (needs If-Match)"""
        return _package_action(slug, "unpublish")


@packages_ns.route("/<string:slug>/restore")
@packages_ns.param("slug", "The package's slug")
class PackageRestore(Resource):
    @packages_ns.response(200, "The package, with the status it had", docs.model(PackageSchema))
    @documented_errors(400, 401, 403, 404, 409, 412, 428)
    @use_query(packages_ns, docs, QuerySchema)
    def post(self, slug, query):
        """Restore a deleted package (needs If-Match)"""
        return _package_action(slug, "restore")


@packages_ns.route("/<string:slug>/revisions")
@packages_ns.param("slug", "The package's slug")
class PackageRevisions(Resource):
    @packages_ns.response(200, "Every revision, oldest first", docs.model(RevisionListSchema))
    @documented_errors(400, 401, 403, 404)
    @use_query(packages_ns, docs, QuerySchema)
    def get(self, slug, query):
        """The history of a package (its owners and admins)"""
        session = get_session()
        package = package_editing.get_package_for_edit(session, slug, current_actor())
        revisions = package_editing.list_package_revisions(session, current_actor(), package)
        items = [revision_data(revision) for revision in revisions]
        return json_response(RevisionListSchema, {"items": items})


@campaigns_ns.route("")
class CampaignCollection(Resource):
    @campaigns_ns.response(200, "The campaigns", docs.model(CampaignListSchema))
    @documented_errors(400)
    @use_query(campaigns_ns, docs, QuerySchema)
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
