"""GET /events (occurrences in a window) and /events/{slug}; JSON, JSON-LD, GeoJSON, iCal."""

from datetime import date, timedelta

from flask import Response
from flask_restx import Namespace, Resource

from api.database import get_session
from api.io import use_query
from api.presenters import current_text_mode, event_data
from api.representations import MEDIA_TYPES, choose, geojson, ical, jsonld
from api.restx import docs, documented_errors, media_response
from api.schemas.events import (
    EVENT_FORMATS,
    EventDetailQuerySchema,
    EventDetailSchema,
    EventListSchema,
    EventQuerySchema,
)
from catalog import campaigns, events
from catalog.events import Occurrence

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
        items = [event_data(occurrence, mode) for occurrence in found]
        if output == "ical":
            return Response(ical.calendar(items, "Distretto"), mimetype=MEDIA_TYPES["ical"])
        body = EventListSchema().dump(
            {
                "items": items,
                "total": len(items),
                "window": {"from": start.isoformat(), "to": end.isoformat()},
            }
        )
        if output == "jsonld":
            return media_response(jsonld.event_list(body["items"], mode.language), output)
        if output == "geojson":
            return media_response(geojson.collection(body["items"], total=body["total"]), output)
        return media_response(body, output)


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
        event = events.get_event(get_session(), slug, chain=mode.chain)
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
        return media_response(body, output)
