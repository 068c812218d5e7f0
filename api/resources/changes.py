"""GET /changes: a sync feed of created, updated and deleted listings, with a cursor."""

import re
from datetime import datetime

from flask import url_for
from flask_restx import Namespace, Resource
from marshmallow import ValidationError

from api.database import get_session
from api.errors import problem
from api.i18n import translate
from api.restx import json_response, operation
from api.schemas.changes import ChangePageSchema, ChangesQuerySchema
from api.schemas.query_fields import rome_moment
from catalog.changes import CursorAhead, changes_since
from catalog.errors import InvalidRequest
from catalog.i18n.messages import N_, Message
from catalog.models.base import MAX_INTEGER

ns = Namespace("changes", description="Incremental sync for partners")


_DIGITS = re.compile(r"[0-9]+")
CURSOR_AHEAD_TYPE = "tag:distretto,2015:problems/cursor-ahead"
CURSOR_AHEAD_TITLE = N_("Sync again from scratch")
CURSOR_AHEAD_DETAIL = N_(
    "The cursor %(cursor)s is ahead of this change feed, so it did not come from it: drop your "
    "copy and sync again from the beginning (leave since out)."
)


def _since(value: str | None) -> tuple[int, datetime | None]:
    """A cursor we gave (`r` and a revision id: ASCII digits within the Integer range) or a
    moment in the years we take; anything else is the client's 400, never a failed bind."""
    if not value:
        return 0, None
    if value.startswith("r"):
        if not _DIGITS.fullmatch(value[1:]) or int(value[1:]) > MAX_INTEGER:
            raise InvalidRequest({"since": [Message("Invalid value.")]})
        return int(value[1:]), None
    try:
        return 0, rome_moment(value)
    except ValidationError as error:
        raise InvalidRequest({"since": error.messages}) from error


@ns.route("")
class Changes(Resource):
    @operation(
        ns,
        200,
        "Changes in the order they happened",
        ChangePageSchema,
        query=ChangesQuerySchema,
        errors=(400, 410),
    )
    def get(self, query):
        """What changed since your last sync

        Apply the items in order: fetch `created`/`updated` ones (or all of them with
        updated_since= on /listings), drop `deleted` ones. Keep `cursor` for next time.
        A cursor ahead of the feed (one it never gave: another catalogue, a restored backup)
        is a 410: drop your copy and sync again from scratch, without since.
        """
        after, moment = _since(query.get("since"))
        try:
            page = changes_since(
                get_session(), after_revision=after, since=moment, limit=query["limit"]
            )
        except CursorAhead as error:
            return problem(
                410,
                translate(CURSOR_AHEAD_DETAIL) % {"cursor": f"r{error.cursor}"},
                title=translate(CURSOR_AHEAD_TITLE),
                type_=CURSOR_AHEAD_TYPE,
                extra={"restart": url_for("api.changes_changes", _external=True)},
            )
        cursor = f"r{page.cursor}"
        items = [
            {
                "id": change.listing_id,
                "slug": change.slug,
                "change": change.change,
                "at": change.at,
                "url": None
                if change.change == "deleted"
                else url_for("api.listings_listing", key=change.slug, _external=True),
            }
            for change in page.items
        ]
        body = {
            "items": items,
            "cursor": cursor,
            "more": page.more,
            "next": url_for(
                "api.changes_changes", since=cursor, limit=query["limit"], _external=True
            ),
        }
        return json_response(ChangePageSchema, body)
