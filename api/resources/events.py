"""GET /events (occurrences in a window) and /events/{slug}; JSON, JSON-LD, GeoJSON, iCal."""

from datetime import date, timedelta

from flask import Response
from flask_restx import Namespace, Resource

from api.auth import current_actor
from api.body import json_body, load
from api.conditional import etag, expected_version
from api.database import commit, get_session
from api.io import use_query
from api.merge_patch import merge_patch
from api.paging import link_header, page_links
from api.presenters import current_text_mode, event_data
from api.representations import MEDIA_TYPES, choose, geojson, ical, jsonld
from api.resources.listings import revision_data
from api.restx import docs, documented_errors, json_response, media_response
from api.schemas.base import QuerySchema
from api.schemas.event_write import EventCreateSchema, EventWriteSchema
from api.schemas.events import (
    EVENT_FORMATS,
    EventDetailQuerySchema,
    EventDetailSchema,
    EventListSchema,
    EventQuerySchema,
)
from api.schemas.revisions import RevisionListSchema
from catalog import campaigns, event_editing, events
from catalog.events import Occurrence
from catalog.paging import Page
from catalog.permissions import require_actor

ns = Namespace("events", description="Fairs, festivals and tours of the district")
DEFAULT_WINDOW_DAYS = 31


@ns.route("")
class EventCollection(Resource):
    @ns.response(200, "Occurrences in the window, by start", docs.model(EventListSchema))
    @documented_errors(400, 406)
    @use_query(ns, docs, EventQuerySchema)
    def get(self, query):
        """Events in a date window, recurrences expanded

        Recurring events (yearly fairs, weekly tours) appear once per occurrence inside
        [from, to]. As iCalendar (format=ical or Accept: text/calendar) each event comes once,
        with its RRULE.
        """
        mode = current_text_mode()
        output = choose(EVENT_FORMATS, query.get("format"))
        start, end = _window(query)
        found = events.occurrences(
            get_session(),
            start,
            end,
            chain=mode.chain,
            municipalities=tuple(query["municipality"]),
            themes=tuple(query["theme"]),
        )
        if output == "ical":
            items = [event_data(occurrence, mode) for occurrence in _first_of_each(found)]
            return Response(ical.calendar(items, "Distretto"), mimetype=MEDIA_TYPES["ical"])
        page = Page.of(found, query["page"], query["limit"])
        links = page_links(page)
        body = EventListSchema().dump(
            {
                "items": [event_data(occurrence, mode) for occurrence in page.items],
                "total": page.total,
                "page": page.page,
                "limit": page.limit,
                "links": links,
                "window": {"from": start.isoformat(), "to": end.isoformat()},
            }
        )
        headers = {"Link": link_header(links)}
        if output == "jsonld":
            return media_response(jsonld.event_list(body["items"], mode.language), output, headers)
        if output == "geojson":
            members = {key: value for key, value in body.items() if key != "items"}
            return media_response(geojson.collection(body["items"], **members), output, headers)
        return media_response(body, output, headers)

    @ns.expect((docs.model(EventCreateSchema), "The event; municipality and listing by slug"))
    @ns.response(201, "The new draft", docs.model(EventDetailSchema))
    @documented_errors(400, 401, 403, 409, 413, 415, 422)
    @use_query(ns, docs, QuerySchema)
    def post(self, query):
        """Create an event (a draft) in a municipality you cover"""
        require_actor(current_actor())
        data = load(EventCreateSchema(), json_body())
        slug = data.pop("slug")
        event_editing.create_event(get_session(), current_actor(), data, slug)
        commit()
        return _event_response(slug, status=201, headers={"Location": f"/api/v1/events/{slug}"})


def _first_of_each(found: list[Occurrence]) -> list[Occurrence]:
    """iCalendar carries each event once, with its rule: one occurrence per event is enough."""
    first: dict[str, Occurrence] = {}
    for occurrence in found:
        first.setdefault(occurrence.event.slug, occurrence)
    return list(first.values())


def _window(query: dict) -> tuple[date, date]:
    """The asked window; with campaign=, the campaign's window (narrowed by from/to)."""
    if query.get("campaign"):
        campaign = campaigns.campaign_for_filter(get_session(), query["campaign"])
        start = max(query.get("from_") or campaign.start, campaign.start)
        return start, min(query.get("to") or campaign.end, campaign.end)
    start = query.get("from_") or date.today()
    return start, query.get("to") or start + timedelta(days=DEFAULT_WINDOW_DAYS)


@ns.route("/<string:slug>")
@ns.param("slug", "The event's slug, e.g. festa-della-beata-vergine-del-castello")
class Event(Resource):
    @ns.response(200, "The event and its next occurrences", docs.model(EventDetailSchema))
    @documented_errors(400, 404, 406)
    @use_query(ns, docs, EventDetailQuerySchema)
    def get(self, slug, query):
        """Get one event, with its next occurrences"""
        mode = current_text_mode()
        output = choose(EVENT_FORMATS, query.get("format"))
        event = events.get_event(get_session(), slug, chain=mode.chain, actor=current_actor())
        upcoming = events.next_occurrences(event, date.today())
        first = upcoming[0] if upcoming else Occurrence(event, event.start, event.end)
        data = event_data(first, mode)
        if output == "ical":
            return Response(ical.calendar([data], data["slug"]), mimetype=MEDIA_TYPES["ical"])
        data["upcoming"] = [
            {"start": o.start.isoformat(), "end": o.end.isoformat()} for o in upcoming
        ]
        body = EventDetailSchema().dump(data)
        if output == "jsonld":
            return media_response(jsonld.event(body), output)
        if output == "geojson":
            return media_response(geojson.feature(body), output)
        return media_response(body, output, {"ETag": etag(event.version, mode.language)})

    @ns.expect((docs.model(EventWriteSchema), "A JSON merge patch of the event"))
    @ns.response(200, "The changed event", docs.model(EventDetailSchema))
    @documented_errors(400, 401, 403, 404, 412, 413, 415, 422, 428)
    @use_query(ns, docs, QuerySchema)
    def patch(self, slug, query):
        """Change an event (JSON merge patch; needs If-Match)"""
        require_actor(current_actor())
        version = expected_version()
        body = json_body()
        session = get_session()
        event = event_editing.get_event_for_edit(session, slug, current_actor())
        current = EventWriteSchema().dump(event_editing.event_state(session, event))
        merged = merge_patch(current, body) if isinstance(body, dict) else body
        data = load(EventWriteSchema(), merged)
        event_editing.update_event(session, current_actor(), event, data, version)
        commit()
        return _event_response(slug)

    @ns.response(200, "The event, archived", docs.model(EventDetailSchema))
    @documented_errors(400, 401, 403, 404, 412, 428)
    @use_query(ns, docs, QuerySchema)
    def delete(self, slug, query):
        """Delete an event: archived, hidden from the public, restorable"""
        return _event_action(slug, "delete")


def _event_response(slug: str, status: int = 200, headers: dict | None = None):
    mode = current_text_mode()
    session = get_session()
    session.expire_all()
    event = events.get_event(session, slug, chain=mode.chain, actor=current_actor())
    upcoming = events.next_occurrences(event, date.today())
    data = event_data(Occurrence(event, event.start, event.end), mode)
    data["upcoming"] = [{"start": o.start.isoformat(), "end": o.end.isoformat()} for o in upcoming]
    headers = {**(headers or {}), "ETag": etag(event.version, mode.language)}
    return json_response(EventDetailSchema, data, status=status, headers=headers)


def _event_action(slug: str, action: str):
    require_actor(current_actor())
    version = expected_version()
    session = get_session()
    event = event_editing.get_event_for_edit(session, slug, current_actor())
    event_editing.set_event_status(session, current_actor(), event, action, version)
    commit()
    return _event_response(slug)


@ns.route("/<string:slug>/publish")
@ns.param("slug", "The event's slug")
class EventPublish(Resource):
    @ns.response(200, "The event, published", docs.model(EventDetailSchema))
    @documented_errors(400, 401, 403, 404, 412, 428)
    @use_query(ns, docs, QuerySchema)
    def post(self, slug, query):
        """Publish an event (needs If-Match)"""
        return _event_action(slug, "publish")


@ns.route("/<string:slug>/unpublish")
@ns.param("slug", "The event's slug")
class EventUnpublish(Resource):
    @ns.response(200, "The event, back to draft", docs.model(EventDetailSchema))
    @documented_errors(400, 401, 403, 404, 412, 428)
    @use_query(ns, docs, QuerySchema)
    def post(self, slug, query):
        """Unpublish an event back to draft (needs If-Match)"""
        return _event_action(slug, "unpublish")


@ns.route("/<string:slug>/restore")
@ns.param("slug", "The event's slug")
class EventRestore(Resource):
    @ns.response(200, "The event, with the status it had", docs.model(EventDetailSchema))
    @documented_errors(400, 401, 403, 404, 409, 412, 428)
    @use_query(ns, docs, QuerySchema)
    def post(self, slug, query):
        """Restore a deleted event (needs If-Match)"""
        return _event_action(slug, "restore")


@ns.route("/<string:slug>/revisions")
@ns.param("slug", "The event's slug")
class EventRevisions(Resource):
    @ns.response(200, "Every revision, oldest first", docs.model(RevisionListSchema))
    @documented_errors(400, 401, 403, 404)
    @use_query(ns, docs, QuerySchema)
    def get(self, slug, query):
        """The history of an event (its town's office and admins)"""
        session = get_session()
        event = event_editing.get_event_for_edit(session, slug, current_actor())
        revisions = event_editing.list_event_revisions(session, current_actor(), event)
        return json_response(RevisionListSchema, {"items": [revision_data(r) for r in revisions]})
