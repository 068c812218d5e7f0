"""The office's pages, one module per feature."""

from flask import Blueprint

from office.views import (
    admin_keys,
    admin_users,
    dashboard,
    errors,
    events,
    listing_editor,
    listings,
    packages,
    sign_in,
)


def register_views(blueprint: Blueprint) -> None:
    for module in (
        sign_in,
        dashboard,
        listings,
        listing_editor,
        events,
        packages,
        admin_users,
        admin_keys,
        errors,
    ):
        module.register(blueprint)
