"""/listings: the public catalogue (filters, sort, paging) and the editors' writes.

Views stay thin: parse and validate, call the domain with the acting user, commit, present.
"""

import io
from dataclasses import replace
from datetime import UTC, datetime
from functools import lru_cache

from flask import Response, request
from flask_restx import Namespace, Resource

from api import read_model
from api.auth import current_actor
from api.body import load
from api.catalogue_state import catalogue_state
from api.conditional import etag
from api.database import get_session
from api.lifecycle import (
    WRITE_ERRORS,
    EditableRoutes,
    add_lifecycle_routes,
    change,
    collection_writes,
    detail_writes,
)
from api.paging import link_header, page_body
from api.presenters import TextMode, current_text_mode, listing_data
from api.representations import choose, geojson, jsonld
from api.restx import SIGNED_IN, docs, operation, render
from api.schemas.editable_write import TextsWriteSchema
from api.schemas.listing_write import ListingCreateSchema, ListingWriteSchema
from api.schemas.listings import (
    DETAIL_FORMATS,
    LIST_FORMATS,
    ListingDetailQuerySchema,
    ListingPageSchema,
    ListingQuerySchema,
    ListingSchema,
)
from catalog.errors import InvalidRequest
from catalog.i18n.messages import Message
from catalog.listings import csv_export
from catalog.listings import queries as listings
from catalog.listings.kind import LISTING
from catalog.listings.queries import Cursor, ListingFilters, Near
from catalog.offers import campaigns

ns = Namespace("listings", description="Places and experiences of the district")
DEFAULT_RADIUS_KM = 10.0
"""With near= and no radius_km: not a documented default, which clients would send without near."""


def listing_detail(slug: str) -> tuple[dict, int]:
    """The listing as the request's language shows it, and its version."""
    mode = current_text_mode()
    listing = listings.get_listing(get_session(), slug, chain=mode.chain, actor=current_actor())
    return listing_data(listing, mode), listing.version


ROUTES = EditableRoutes(
    ns, LISTING, "key", listing_detail, ListingSchema, ListingWriteSchema, ListingCreateSchema
)


@ns.route("")
class ListingCollection(collection_writes(ROUTES)):
    @operation(
        ns,
        200,
        "A page of listings",
        ListingPageSchema,
        query=ListingQuerySchema,
        errors=(400, 401, 406),
    )
    def get(self, query):
        """Search the listings

        Filters combine with AND; the values of one filter with OR. Paging links are in the
        body and in the Link header. JSON-LD and GeoJSON with format= or Accept.
        q searches words (letters and digits): punctuation and operators are not search
        syntax, they separate words; a q with no word at all is a 400.
        With sort=updated_at, links.next carries the next cursor (keyset paging that never
        skips); a page reached by cursor= links only to itself and the next one.
        """
        mode = current_text_mode()
        output = choose(LIST_FORMATS, query.get("format"))
        moment = moment_asked(query)
        filters = listing_filters(query, mode, moment)
        filters = replace(
            filters, campaign_id=campaigns.campaign_filter_id(get_session(), query.get("campaign"))
        )
        cursor = _cursor(query)
        if output == "csv":
            return _csv_response(filters, mode, query)
        only = sparse(fields_for(query, output), PAGE_MEMBERS, prefix="items.")
        if read_model.usable(filters, output):
            page = listings.list_documents(
                get_session(),
                filters,
                language=mode.language,
                chain=mode.chain,
                sort=query.get("sort"),
                page=query["page"],
                limit=query["limit"],
                cursor=cursor,
                totals=read_model.totals_at(catalogue_state().version),
            )
            return read_model.page_response(
                page, only, page_schema(only), output, moment, LIST_RENDERERS
            )
        page = listings.list_listings(
            get_session(),
            filters,
            chain=mode.chain,
            sort=query.get("sort"),
            page=query["page"],
            limit=query["limit"],
            cursor=cursor,
            actor=current_actor(),
        )
        items = [
            listing_data(item, mode, distance_km=page.distances.get(item.id), moment=moment)
            for item in page.items
        ]
        body = page_body(page, items, next_cursor=page.next_cursor)
        headers = {"Link": link_header(body["links"])}
        return render(page_schema(only).dump(body), output, LIST_RENDERERS, headers)


def _cursor(query: dict) -> Cursor | None:
    """A cursor names the page; a page number beside it would be ignored, so it is refused."""
    if not query.get("cursor"):
        return None
    if "page" in request.args:
        raise InvalidRequest(
            {"page": [Message("Leave page out with cursor: the cursor names the page.")]}
        )
    return Cursor.decode(query["cursor"])


PAGE_MEMBERS = ("total", "page", "limit", "links", "next_cursor")
LIST_RENDERERS = {
    "jsonld": lambda body: jsonld.listing_list(
        body["items"], body["total"], current_text_mode().language
    ),
    "geojson": geojson.page,
}
DETAIL_RENDERERS = {"jsonld": jsonld.listing, "geojson": geojson.feature}


@lru_cache(maxsize=256)
def page_schema(only: tuple[str, ...] | None) -> ListingPageSchema:
    """Schemas are costly to build and safe to reuse: one per `fields=` shape."""
    return ListingPageSchema(only=only)


@lru_cache(maxsize=256)
def listing_schema(only: tuple[str, ...] | None) -> ListingSchema:
    return ListingSchema(only=only)


CSV_MAX_ROWS = 50_000


def _csv_response(filters: ListingFilters, mode: TextMode, query: dict) -> Response:
    """Every match (not a page), in one language, for spreadsheets."""
    page = listings.list_listings(
        get_session(),
        filters,
        chain=mode.chain,
        sort=query.get("sort"),
        limit=CSV_MAX_ROWS,
        actor=current_actor(),
    )
    stream = io.StringIO()
    csv_export.write_csv(stream, page.items, mode.chain)
    headers = {"Content-Disposition": 'attachment; filename="distretto-listings.csv"'}
    return Response(stream.getvalue(), mimetype="text/csv", headers=headers)


SPARSE_OUTPUTS = {"json": (), "geojson": ("location",)}
"""What fields= trims, and what each of those representations needs beside the fields asked
for (GeoJSON's geometry is the location); JSON-LD keeps schema.org's whole shape."""


def fields_for(query: dict, output: str) -> list[str]:
    """The fields= of this request as the chosen representation can honour it."""
    if not query["fields_"] or output not in SPARSE_OUTPUTS:
        return []
    return [*query["fields_"], *SPARSE_OUTPUTS[output]]


def sparse(asked: list[str], members: tuple[str, ...], prefix: str = "") -> tuple[str, ...] | None:
    """marshmallow `only` for fields=: always keep what identifies an item (id, slug, links)."""
    if not asked:
        return None
    wanted = dict.fromkeys(("id", "slug", *asked, "links"))
    return (*members, *(f"{prefix}{name}" for name in wanted))


def moment_asked(query: dict) -> datetime | None:
    if query.get("open_now"):
        return datetime.now(UTC)
    return query.get("open_at")


def listing_filters(query: dict, mode: TextMode, moment: datetime | None) -> ListingFilters:
    near = (
        Near(query["near"], query.get("radius_km", DEFAULT_RADIUS_KM))
        if query.get("near")
        else None
    )
    return ListingFilters(
        themes=tuple(query["theme"]),
        kinds=tuple(query["kind"]),
        access=tuple(query["access"]),
        highlight_min=query["highlight"],
        municipalities=tuple(query["municipality"]),
        tags=tuple(query["tag"]),
        complete_in=_strict_languages(query["lang_strict"], mode),
        statuses=tuple(query["status"]),
        text=query.get("q"),
        near=near,
        bbox=query.get("bbox"),
        open_at=moment,
        updated_since=query.get("updated_since"),
    )


def _strict_languages(strict: bool, mode: TextMode) -> tuple[str, ...]:
    if not strict:
        return ()
    return tuple(mode.chain) if mode.all_languages else (mode.chain[0],)


@ns.route("/<string:key>")
@ns.param("key", "The listing's numeric id or its slug, e.g. museo-ferrari-maranello")
class Listing(detail_writes(ROUTES)):
    @operation(
        ns,
        200,
        "The listing",
        ListingSchema,
        query=ListingDetailQuerySchema,
        errors=(400, 401, 404, 406),
    )
    def get(self, key, query):
        """Get one listing

        Published listings for everyone; drafts and archived ones for their own office and
        admins. The ETag names the version, for If-Match on writes.
        """
        mode = current_text_mode()
        output = choose(DETAIL_FORMATS, query.get("format"))
        only = sparse(fields_for(query, output), ())
        moment = moment_asked(query)
        if read_model.usable(None, output):
            row = listings.published_document(get_session(), key, mode.language)
            if row is not None:
                return read_model.detail_response(row, mode, only, output, moment, DETAIL_RENDERERS)
        listing = listings.get_listing(get_session(), key, chain=mode.chain, actor=current_actor())
        data = listing_data(listing, mode, moment=moment)
        dumped = listing_schema(only).dump(data)
        headers = {"ETag": etag(listing.version, mode.language)}
        return render(dumped, output, DETAIL_RENDERERS, headers)


@ns.route("/<string:key>/translations/<string:lang>")
@ns.param("key", "The listing's numeric id or its slug")
@ns.param("lang", "A supported language code")
class ListingTranslation(Resource):
    @ns.expect((docs.model(TextsWriteSchema), "The texts in this language"))
    @operation(ns, 200, "The listing", ListingSchema, errors=WRITE_ERRORS, access=SIGNED_IN)
    def put(self, key, lang, query):
        """Set one language's texts of a listing (needs If-Match)

        Name, summary and description in one language, replacing what that
        language had; the other languages are untouched. If-Match carries the ETag you read.
        """

        def with_texts(current: dict, body: dict) -> dict:
            current["translations"][lang] = load(TextsWriteSchema(), body)
            return current

        return change(ROUTES, key, with_texts, action="translate")


add_lifecycle_routes(ROUTES)
