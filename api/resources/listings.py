"""GET /listings (filters, sort, paging) and /listings/{id-or-slug}."""

from flask_restx import Namespace, Resource

from api.database import get_session
from api.io import use_query
from api.paging import link_header, page_links
from api.presenters import TextMode, current_text_mode, listing_data
from api.restx import docs, documented_errors, json_response
from api.schemas.base import QuerySchema
from api.schemas.listings import ListingPageSchema, ListingQuerySchema, ListingSchema
from catalog import listings
from catalog.listings import ListingFilters

ns = Namespace("listings", description="Places and experiences of the district")


@ns.route("")
class ListingCollection(Resource):
    @ns.response(200, "A page of listings", docs.model(ListingPageSchema))
    @documented_errors(400)
    @use_query(ns, docs, ListingQuerySchema)
    def get(self, query):
        """Search the published listings

        Filters combine with AND; the values of one filter with OR.
        Paging links are in the body and in the Link header.
        """
        mode = current_text_mode()
        filters = ListingFilters(
            themes=tuple(query["theme"]),
            kinds=tuple(query["kind"]),
            municipalities=tuple(query["municipality"]),
            tags=tuple(query["tag"]),
            complete_in=_strict_languages(query["lang_strict"], mode),
        )
        page = listings.list_published(
            get_session(),
            filters,
            chain=mode.chain,
            sort=query["sort"],
            page=query["page"],
            limit=query["limit"],
        )
        links = page_links(page)
        body = {
            "items": [listing_data(item, mode) for item in page.items],
            "total": page.total,
            "page": page.page,
            "limit": page.limit,
            "links": links,
        }
        return json_response(ListingPageSchema, body, headers={"Link": link_header(links)})


def _strict_languages(strict: bool, mode: TextMode) -> tuple[str, ...]:
    if not strict:
        return ()
    return tuple(mode.chain) if mode.all_languages else (mode.chain[0],)


@ns.route("/<string:key>")
@ns.param("key", "The listing's numeric id or its slug, e.g. museo-ferrari-maranello")
class Listing(Resource):
    @ns.response(200, "The listing", docs.model(ListingSchema))
    @documented_errors(400, 404)
    @use_query(ns, docs, QuerySchema)
    def get(self, key, query):
        """Get one published listing"""
        mode = current_text_mode()
        listing = listings.get_published(get_session(), key, chain=mode.chain)
        return json_response(ListingSchema, listing_data(listing, mode))
