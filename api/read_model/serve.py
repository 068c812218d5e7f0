"""Public listing reads answered from the read model: the page's ids, then their ready
documents joined into the page as text; no ORM objects and no serialisation per item.

The views ask `usable()` first; whatever the read model cannot answer (drafts, CSV, a model
not yet built by the running code) goes the presenters' way, with the same bytes.
"""

from flask import Response, current_app, json

from api.catalogue_state import catalogue_state
from api.conditional import etag
from api.paging import link_header, page_body
from api.presenters import TextMode, asked_extras
from api.read_model.render import RENDERING, URL_ROOT, url_root
from api.read_model.sync import EXTENSION
from api.representations import MEDIA_TYPES
from api.restx import render
from api.schemas.listings import ListingPageSchema, ListingSchema
from catalog.listings.queries import ListingFilters, ListingPage

READ_OUTPUTS = ("json", "jsonld", "geojson")
_EXTRAS = ListingSchema(only=("distance_km", "open", "next_opening"))
_NO_ITEMS = '"items": []'


def usable(filters: ListingFilters | None, output: str) -> bool:
    """Published listings in JSON, JSON-LD or GeoJSON, from documents the running code made."""
    published_only = filters is None or filters.statuses == ("published",)
    return (
        published_only
        and output in READ_OUTPUTS
        and current_app.extensions[EXTENSION]
        and catalogue_state().read_model == RENDERING
    )


def page_response(
    page: ListingPage,
    only: tuple[str, ...] | None,
    schema: ListingPageSchema,
    output: str,
    moment,
    renderers: dict,
) -> Response:
    fields, root = _item_fields(only), url_root()
    items = [
        _trimmed(_item(row, root, page.distances.get(row.id), moment), fields) for row in page.items
    ]
    body = page_body(page, [], next_cursor=page.next_cursor)
    empty = json.dumps(schema.dump(body))
    text = empty.replace(_NO_ITEMS, '"items": [' + ", ".join(items) + "]", 1)
    return _respond(text, output, renderers, {"Link": link_header(body["links"])})


def detail_response(
    row, mode: TextMode, only: tuple[str, ...] | None, output: str, moment, renderers: dict
) -> Response:
    text = _trimmed(_item(row, url_root(), None, moment), only)
    headers = {"ETag": etag(row.version, mode.language)}
    return _respond(text, output, renderers, headers)


def _item(row, root: str, distance_km: float | None, moment) -> str:
    """The document under this request's URL root, with what the request adds spliced in
    where the schema puts it."""
    body, extras = row.body, asked_extras(row.opening_hours, distance_km, moment)
    if extras:
        members = json.dumps(_EXTRAS.dump(extras))[1:-1]
        body = f"{body[: row.extras_at]}, {members}{body[row.extras_at :]}"
    return body.replace(URL_ROOT, root)


def _item_fields(only) -> tuple[str, ...] | None:
    if not only:
        return None
    return tuple(name.removeprefix("items.") for name in only if name.startswith("items."))


def _trimmed(text: str, fields: tuple[str, ...] | None) -> str:
    """fields=: the members asked for, in the document's order."""
    if fields is None:
        return text
    document = json.loads(text)
    return json.dumps({name: value for name, value in document.items() if name in fields})


def _respond(text: str, output: str, renderers: dict, headers: dict) -> Response:
    shape = renderers.get(output)
    if shape is not None:
        return render(json.loads(text), output, renderers, headers)
    return Response(text, headers=headers, mimetype=MEDIA_TYPES[output])
