"""GET /events (occurrences in a window) and /events/{slug}; JSON, JSON-LD, GeoJSON, iCal."""

from datetime import date, timedelta

from flask import Response
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
from api.paging import link_header, page_body
from api.presenters import current_text_mode, event_data
from api.representations import MEDIA_TYPES, choose, geojson, ical, jsonld
from api.restx import operation, render
from api.schemas.event_write import EventCreateSchema, EventWriteSchema
from api.schemas.events import (
    EVENT_FORMATS,
    EventDetailQuerySchema,
    EventDetailSchema,
    EventListSchema,
    EventQuerySchema,
)
from catalog.events import queries as events
from catalog.events.kind import EVENT
from catalog.events.queries import Occurrence
from catalog.offers import campaigns
from catalog.paging import Page

ns = Namespace("events", description="Fairs, festivals and tours of the district")
DEFAULT_WINDOW_DAYS = 31


def event_detail(slug: str) -> tuple[dict, int]:
    """The event as its editors wrote it (`start` is the first edition) with the next
    occurrences in `upcoming`: the same representation for a read and after a write."""
    mode = current_text_mode()
    event = events.get_event(get_session(), slug, chain=mode.chain, actor=current_actor())
    data = event_data(Occurrence(event, event.start, event.end), mode)
    upcoming = events.next_occurrences(event, date.today())
    data["upcoming"] = [{"start": o.start.isoformat(), "end": o.end.isoformat()} for o in upcoming]
    return data, event.version


ROUTES = EditableRoutes(
    ns, EVENT, "slug", event_detail, EventDetailSchema, EventWriteSchema, EventCreateSchema
)
DETAIL_RENDERERS = {"jsonld": jsonld.event, "geojson": geojson.feature}
LIST_RENDERERS = {
    "jsonld": lambda body: jsonld.event_list(body["items"], current_text_mode().language),
    "geojson": geojson.page,
}


@ns.route("")
class EventCollection(collection_writes(ROUTES)):
    @operation(
        ns,
        200,
        "Occurrences in the window, by start",
        EventListSchema,
        query=EventQuerySchema,
        errors=(400, 406),
    )
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
        items = [event_data(occurrence, mode) for occurrence in page.items]
        window = {"from": start.isoformat(), "to": end.isoformat()}
        body = EventListSchema().dump(page_body(page, items, window=window))
        return render(body, output, LIST_RENDERERS, {"Link": link_header(body["links"])})


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
class Event(detail_writes(ROUTES)):
    @operation(
        ns,
        200,
        "The event and its next occurrences",
        EventDetailSchema,
        query=EventDetailQuerySchema,
        errors=(400, 404, 406),
    )
    def get(self, slug, query):
        """Get one event, with its next occurrences

        start and end are the first edition's; upcoming lists the next occurrences from
        today. As iCalendar (format=ical) with its RRULE.
        """
        output = choose(EVENT_FORMATS, query.get("format"))
        data, version = event_detail(slug)
        if output == "ical":
            return Response(ical.calendar([data], data["slug"]), mimetype=MEDIA_TYPES["ical"])
        return read_response(ROUTES, data, version, output, DETAIL_RENDERERS)


add_lifecycle_routes(ROUTES)
