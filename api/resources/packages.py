"""/packages: integrated offers across towns and themes, and their editors' writes."""

from flask_restx import Namespace

from api.auth import current_actor
from api.database import get_session
from api.lifecycle import (
    EditableRoutes,
    add_lifecycle_routes,
    collection_writes,
    detail_writes,
    read_response,
)
from api.offer_presenters import package_data
from api.paging import link_header, page_body
from api.presenters import current_text_mode
from api.representations import choose
from api.representations import trips as trip_jsonld
from api.restx import operation, render
from api.schemas.offers import (
    OFFER_FORMATS,
    PackageDetailQuerySchema,
    PackageListSchema,
    PackageQuerySchema,
    PackageSchema,
)
from api.schemas.package_write import PackageCreateSchema, PackageWriteSchema
from catalog.listings import queries as listings
from catalog.offers import campaigns, packages
from catalog.offers.package_kind import PACKAGE
from catalog.paging import Page

ns = Namespace("packages", description="Integrated offers across towns and themes")


def package_detail(slug: str, include_outside: bool = False) -> tuple[dict, int]:
    mode = current_text_mode()
    view = packages.get_package(
        get_session(),
        slug,
        chain=mode.chain,
        actor=current_actor(),
        include_outside=include_outside,
    )
    return package_data(view, mode), view.package.version


PACKAGE_SCHEMAS = (PackageSchema, PackageWriteSchema, PackageCreateSchema)
ROUTES = EditableRoutes(ns, PACKAGE, "slug", package_detail, *PACKAGE_SCHEMAS)
DETAIL_RENDERERS = {"jsonld": trip_jsonld.package_trip}
LIST_RENDERERS = {
    "jsonld": lambda body: trip_jsonld.trip_list(body["items"], current_text_mode().language)
}


@ns.route("")
class PackageCollection(collection_writes(ROUTES)):
    @operation(
        ns,
        200,
        "The published packages",
        PackageListSchema,
        query=PackageQuerySchema,
        errors=(400, 406),
    )
    def get(self, query):
        """List the packages (integrated offers)

        Ordered stops across towns and themes, with the distance of each leg; filters
        combine with AND. JSON-LD TouristTrip with format=jsonld.
        """
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
            include_outside=query["include_outside"],
        )
        page = Page.of(views, query["page"], query["limit"])
        items = [package_data(view, mode) for view in page.items]
        body = PackageListSchema().dump(page_body(page, items))
        return render(body, output, LIST_RENDERERS, {"Link": link_header(body["links"])})


@ns.route("/<string:slug>")
@ns.param("slug", "The package's slug")
class Package(detail_writes(ROUTES)):
    @operation(
        ns,
        200,
        "The package with its stops resolved",
        PackageSchema,
        query=PackageDetailQuerySchema,
        errors=(400, 404, 406),
    )
    def get(self, slug, query):
        """Get one package: its stops in order, with the distances between them

        Published packages for everyone; drafts for their office and admins. The ETag names
        the version, for If-Match on writes.
        """
        output = choose(OFFER_FORMATS, query.get("format"))
        data, version = package_detail(slug, query["include_outside"])
        return read_response(ROUTES, data, version, output, DETAIL_RENDERERS)


add_lifecycle_routes(ROUTES)
