"""The office's blueprint: its URLs, templates and static files (Leaflet served from here).
Made afresh for every app, so that several apps (tests make one each) never share one."""

from flask import Blueprint


def make_blueprint() -> Blueprint:
    return Blueprint(
        "office",
        __name__,
        url_prefix="/office",
        template_folder="templates",
        static_folder="static",
        static_url_path="/static",
    )
