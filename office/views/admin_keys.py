"""Partner API keys, for administrators: issue one, see who has one, revoke it.

The secret exists once, in the answer to the form that issued it: only its digest is stored,
so the page that shows it is rendered in that answer (never stored to be shown after a
redirect, nor cached), and no page can show it again.
"""

from flask import Blueprint, flash, redirect, render_template, url_for
from marshmallow import ValidationError

from api.database import commit, get_session
from api.schemas.api_keys import ApiKeyCreateSchema
from catalog.access import api_keys
from catalog.errors import CatalogError, InvalidData
from office.i18n import _
from office.session import admins_only, current_actor
from office.views.admin_forms import form_values, problems

KEY = "/api-keys/<int(max=2147483647):key_id>"


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/api-keys", "api_keys", admins_only(keys))
    bp.add_url_rule("/api-keys", "issue_api_key", admins_only(issue), methods=["POST"])
    bp.add_url_rule(f"{KEY}/revoke", "revoke_api_key", admins_only(revoke), methods=["POST"])


def keys(values: dict | None = None, errors: dict | None = None, status: int = 200):
    listed = api_keys.list_keys(get_session(), current_actor())
    page = render_template(
        "office/api_keys.html",
        nav="api_keys",
        keys=listed,
        values=values or {},
        errors=errors or {},
        default_per_minute=ApiKeyCreateSchema().fields["per_minute"].load_default,
    )
    return page, status


def issue():
    values = {}
    try:
        values = form_values("name", "per_minute")
        issued = api_keys.create_key(get_session(), current_actor(), **_checked(values))
    except CatalogError as error:
        return keys(values, problems(error), 422)
    commit()
    page = render_template("office/api_key_issued.html", nav="api_keys", issued=issued)
    return page, 201


def _checked(values: dict) -> dict:
    """The API's own rules for a new key (name length, rate range), on the form's strings."""
    data = {name: value for name, value in values.items() if value.strip()}
    try:
        return ApiKeyCreateSchema().load(data)
    except ValidationError as error:
        raise InvalidData(error.messages) from error


def revoke(key_id: int):
    api_keys.revoke_key(get_session(), current_actor(), key_id)
    commit()
    flash(_("The key was revoked: it is refused from now on."), "success")
    return redirect(url_for("office.api_keys"))
