"""/listings: the public catalogue (filters, sort, paging) and the editors' writes.

Views stay thin: parse and validate, call the domain with the acting user, commit, present.
"""

import io
from dataclasses import replace
from datetime import UTC, datetime
from functools import lru_cache

from flask import Response
from flask_restx import Namespace, Resource

from api.auth import current_actor
from api.body import json_body, load
from api.conditional import etag, expected_version
from api.database import commit, get_session
from api.io import use_query
from api.merge_patch import merge_patch
from api.paging import link_header, page_links
from api.presenters import TextMode, current_text_mode, listing_data
from api.representations import choose, geojson, jsonld
from api.restx import docs, documented_errors, json_response, media_response
from api.schemas.base import QuerySchema
from api.schemas.listing_write import ListingCreateSchema, ListingWriteSchema, TextsWriteSchema
from api.schemas.listings import (
    DETAIL_FORMATS,
    LIST_FORMATS,
    ListingDetailQuerySchema,
    ListingPageSchema,
    ListingQuerySchema,
    ListingSchema,
)
from api.schemas.revisions import RevisionDetailSchema, RevisionListSchema
from catalog import campaigns, csv_export, editing, listings
from catalog.editing import current_state
from catalog.listings import Cursor, ListingFilters, Near
from catalog.models import Listing as ListingModel
from catalog.permissions import require_actor

ns = Namespace("listings", description="Places and experiences of the district")
WRITE_ERRORS = (400, 401, 403, 404, 412, 413, 415, 422, 428)


def listing_response(listing: ListingModel, status: int = 200, headers: dict | None = None):
    """The listing as the request's language shows it, with its ETag."""
    mode = current_text_mode()
    session = get_session()
    session.expire_all()
    fresh = listings.get_listing(session, listing.slug, chain=mode.chain, actor=current_actor())
    headers = {**(headers or {}), "ETag": etag(fresh.version, mode.language)}
    return json_response(ListingSchema, listing_data(fresh, mode), status=status, headers=headers)


def editable(key: str) -> ListingModel:
    """The listing with the texts of every language loaded, as a write needs."""
    return listings.get_listing_for_edit(get_session(), key, current_actor())


@ns.route("")
class ListingCollection(Resource):
    @ns.response(200, "A page of listings", docs.model(ListingPageSchema))
    @documented_errors(400, 401, 406)
    @use_query(ns, docs, ListingQuerySchema)
    def get(self, query):
        """Search the listings

        Filters combine with AND; the values of one filter with OR. Paging links are in the
        body and in the Link header. JSON-LD and GeoJSON with format= or Accept.
        """
        mode = current_text_mode()
        output = choose(LIST_FORMATS, query.get("format"))
        moment = moment_asked(query)
        filters = listing_filters(query, mode, moment)
        filters = replace(
            filters, campaign_id=campaigns.campaign_filter_id(get_session(), query.get("campaign"))
        )
        cursor = Cursor.decode(query["cursor"]) if query.get("cursor") else None
        if output == "csv":
            return _csv_response(filters, mode, query)
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
        links = page_links(page)
        items = [
            listing_data(item, mode, distance_km=page.distances.get(item.id), moment=moment)
            for item in page.items
        ]
        body = {
            "items": items,
            "total": page.total,
            "page": page.page,
            "limit": page.limit,
            "links": links,
            "next_cursor": page.next_cursor,
        }
        only = sparse(query["fields_"], PAGE_MEMBERS, prefix="items.")
        dumped = page_schema(only).dump(body)
        headers = {"Link": link_header(links)}
        if output == "jsonld":
            return media_response(
                jsonld.listing_list(dumped["items"], page.total, mode.language), output, headers
            )
        if output == "geojson":
            members = {key: value for key, value in dumped.items() if key != "items"}
            return media_response(geojson.collection(dumped["items"], **members), output, headers)
        return media_response(dumped, output, headers)

    @ns.expect((docs.model(ListingCreateSchema), "The listing; municipality by slug"))
    @ns.response(201, "The new draft", docs.model(ListingSchema))
    @documented_errors(400, 401, 403, 409, 413, 415, 422)
    @use_query(ns, docs, QuerySchema)
    def post(self, query):
        """Create a listing (as a draft) in a municipality you cover"""
        require_actor(current_actor())
        data = load(ListingCreateSchema(), json_body())
        slug = data.pop("slug", None)
        listing = editing.create_listing(get_session(), current_actor(), data, slug)
        commit()
        location = {"Location": f"/api/v1/listings/{listing.slug}"}
        return listing_response(listing, status=201, headers=location)


PAGE_MEMBERS = ("total", "page", "limit", "links", "next_cursor")


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
    near = Near(query["near"], query["radius_km"]) if query.get("near") else None
    return ListingFilters(
        themes=tuple(query["theme"]),
        kinds=tuple(query["kind"]),
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
class Listing(Resource):
    @ns.response(200, "The listing", docs.model(ListingSchema))
    @documented_errors(400, 401, 404, 406)
    @use_query(ns, docs, ListingDetailQuerySchema)
    def get(self, key, query):
        """Get one listing

        Published listings for everyone; drafts and archived ones for their own office and
        admins. The ETag names the version, for If-Match on writes.
        """
        mode = current_text_mode()
        output = choose(DETAIL_FORMATS, query.get("format"))
        listing = listings.get_listing(get_session(), key, chain=mode.chain, actor=current_actor())
        data = listing_data(listing, mode, moment=moment_asked(query))
        dumped = listing_schema(sparse(query["fields_"], ())).dump(data)
        headers = {"ETag": etag(listing.version, mode.language)}
        if output == "jsonld":
            return media_response(jsonld.listing(dumped), output, headers)
        if output == "geojson":
            return media_response(geojson.feature(dumped), output, headers)
        return media_response(dumped, output, headers)

    @ns.expect((docs.model(ListingWriteSchema), "A JSON merge patch of the listing"))
    @ns.response(200, "The changed listing", docs.model(ListingSchema))
    @documented_errors(*WRITE_ERRORS)
    @use_query(ns, docs, QuerySchema)
    def patch(self, key, query):
        """Change a listing (JSON merge patch, RFC 7396; needs If-Match)

        Objects merge, arrays and values replace, null removes. Send the ETag of the version
        you read in If-Match; a stale one gets 412 and changes nothing.
        """
        require_actor(current_actor())
        version = expected_version()
        body = json_body()
        listing = editable(key)
        session = get_session()
        state = current_state(session, listing)
        current = ListingWriteSchema().dump(state)
        merged = merge_patch(current, body) if isinstance(body, dict) else body
        data = load(ListingWriteSchema(), merged)
        data["source"] = listing.source
        editing.update_listing(session, current_actor(), listing, data, version)
        commit()
        return listing_response(listing)

    @ns.response(200, "The listing, archived", docs.model(ListingSchema))
    @documented_errors(400, 401, 403, 404, 412, 428)
    @use_query(ns, docs, QuerySchema)
    def delete(self, key, query):
        """Delete a listing: it is archived, hidden from the public, and restorable"""
        return _status_action(key, "delete")


def _status_action(key: str, action: str):
    require_actor(current_actor())
    version = expected_version()
    listing = editable(key)
    session = get_session()
    if action == "restore":
        editing.restore_listing(session, current_actor(), listing, version)
    else:
        editing.set_status(session, current_actor(), listing, action, version)
    commit()
    return listing_response(listing)


@ns.route("/<string:key>/publish")
@ns.param("key", "The listing's numeric id or its slug")
class ListingPublish(Resource):
    @ns.response(200, "The listing, published", docs.model(ListingSchema))
    @documented_errors(400, 401, 403, 404, 412, 428)
    @use_query(ns, docs, QuerySchema)
    def post(self, key, query):
        """Publish a listing (needs If-Match)"""
        return _status_action(key, "publish")


@ns.route("/<string:key>/unpublish")
@ns.param("key", "The listing's numeric id or its slug")
class ListingUnpublish(Resource):
    @ns.response(200, "The listing, back to draft", docs.model(ListingSchema))
    @documented_errors(400, 401, 403, 404, 412, 428)
    @use_query(ns, docs, QuerySchema)
    def post(self, key, query):
        """Unpublish a listing back to draft (needs If-Match)"""
        return _status_action(key, "unpublish")


@ns.route("/<string:key>/restore")
@ns.param("key", "The listing's numeric id or its slug")
class ListingRestore(Resource):
    @ns.response(200, "The listing, with the status it had", docs.model(ListingSchema))
    @documented_errors(400, 401, 403, 404, 409, 412, 428)
    @use_query(ns, docs, QuerySchema)
    def post(self, key, query):
        """Restore a deleted listing to the status it had (needs If-Match)"""
        return _status_action(key, "restore")


@ns.route("/<string:key>/translations/<string:lang>")
@ns.param("key", "The listing's numeric id or its slug")
@ns.param("lang", "A supported language code")
class ListingTranslation(Resource):
    @ns.expect((docs.model(TextsWriteSchema), "The texts in this language"))
    @ns.response(200, "The listing", docs.model(ListingSchema))
    @documented_errors(*WRITE_ERRORS)
    @use_query(ns, docs, QuerySchema)
    def put(self, key, lang, query):
        """Set one language's texts of a listing (needs If-Match)"""
        require_actor(current_actor())
        version = expected_version()
        texts = load(TextsWriteSchema(), json_body())
        listing = editable(key)
        session = get_session()
        state = current_state(session, listing)
        state["translations"][lang] = texts
        data = load(ListingWriteSchema(), ListingWriteSchema().dump(state))
        data["source"] = listing.source
        editing.update_listing(session, current_actor(), listing, data, version, action="translate")
        commit()
        return listing_response(listing)


def revision_data(revision) -> dict:
    return {
        "number": revision.number,
        "action": revision.action,
        "author": revision.author,
        "created_at": revision.created_at,
        "changes": revision.changes,
        "snapshot": revision.snapshot,
    }


@ns.route("/<string:key>/revisions")
@ns.param("key", "The listing's numeric id or its slug")
class ListingRevisions(Resource):
    @ns.response(200, "Every revision, oldest first", docs.model(RevisionListSchema))
    @documented_errors(400, 401, 403, 404)
    @use_query(ns, docs, QuerySchema)
    def get(self, key, query):
        """The history of a listing: who changed what, when (its office and admins)"""
        listing = editable(key)
        revisions = editing.list_revisions(get_session(), current_actor(), listing)
        items = [revision_data(revision) for revision in revisions]
        return json_response(RevisionListSchema, {"items": items})


@ns.route("/<string:key>/revisions/<int(max=2147483647):number>")
@ns.param("key", "The listing's numeric id or its slug")
@ns.param("number", "The revision number, from 1")
class ListingRevision(Resource):
    @ns.response(200, "One revision with the state it left", docs.model(RevisionDetailSchema))
    @documented_errors(400, 401, 403, 404)
    @use_query(ns, docs, QuerySchema)
    def get(self, key, number, query):
        """One revision of a listing, with the whole state it left"""
        listing = editable(key)
        revision = editing.get_revision(get_session(), current_actor(), listing, number)
        return json_response(RevisionDetailSchema, revision_data(revision))


@ns.route("/<string:key>/revisions/<int(max=2147483647):number>/restore")
@ns.param("key", "The listing's numeric id or its slug")
@ns.param("number", "The revision number to bring back")
class ListingRevisionRestore(Resource):
    @ns.response(200, "The listing, as that revision left it", docs.model(ListingSchema))
    @documented_errors(400, 401, 403, 404, 412, 428)
    @use_query(ns, docs, QuerySchema)
    def post(self, key, number, query):
        """Bring an old revision's content back, as a new revision (needs If-Match)"""
        require_actor(current_actor())
        version = expected_version()
        listing = editable(key)
        editing.revert_to(get_session(), current_actor(), listing, number, version)
        commit()
        return listing_response(listing)
