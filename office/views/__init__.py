"""The office's pages, one module per feature."""

from flask import Blueprint

from office.views import dashboard, errors, sign_in


def register_views(blueprint: Blueprint) -> None:
    for module in (sign_in, dashboard, errors):
        module.register(blueprint)
