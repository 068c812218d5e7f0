"""The entry point a partner can start from: `/api/v1/` links to the document, the docs UI
and the collections; `/` and `/api` redirect there."""

from flask import Flask, Response, json, redirect, url_for

INDEX_ENDPOINT = "api.root"
COLLECTIONS = {
    "listings": "api.listings_listing_collection",
    "events": "api.events_event_collection",
    "packages": "api.packages_package_collection",
    "campaigns": "api.campaigns_campaign_collection",
    "municipalities": "api.municipalities_municipality_collection",
    "themes": "api.vocabularies_theme_list",
    "kinds": "api.vocabularies_kind_list",
    "languages": "api.languages_language_list",
    "changes": "api.changes_changes",
}
"""Collection name -> endpoint, in the order the index lists them."""


def index_response() -> Response:
    """The body of GET /api/v1/ (restx's root endpoint, which answers 404 by default)."""

    def link(endpoint: str) -> str:
        return url_for(endpoint, _external=True)

    body = {
        "title": "Distretto API",
        "version": "1",
        "links": {
            "self": link(INDEX_ENDPOINT),
            "swagger": link("api.specs"),
            "openapi": link("api.openapi"),
            "docs": link("api.doc"),
            **{name: link(endpoint) for name, endpoint in COLLECTIONS.items()},
        },
    }
    return Response(json.dumps(body), mimetype="application/json")


def init_index(app: Flask) -> None:
    """`/`, `/api` and `/api/` answer a temporary redirect to the index of the current version
    (temporary: a later version may become the entry point)."""
    for rule in ("/", "/api", "/api/"):
        app.add_url_rule(rule, "index_redirect", _to_index, methods=["GET"], strict_slashes=True)


def _to_index() -> Response:
    return redirect(url_for(INDEX_ENDPOINT), code=302)
