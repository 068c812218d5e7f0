"""The table of listings: search, filters (town, kind, theme, status, worklist), paging.

A GET form, so a filtered table is a link (the dashboard's "see all" links are such links).
Rows come from catalog/listings/table.py: one paged statement and one count, whatever the
size of the catalogue. Other towns' published listings are shown, marked read-only; their
drafts and deleted listings never are.
"""

from flask import Blueprint, render_template, request, url_for

from api.database import get_session
from api.i18n import translate
from api.locale import language_policy
from catalog.errors import InvalidRequest
from catalog.i18n.languages import SOURCE_LANGUAGE
from catalog.i18n.messages import Message
from catalog.listings.table import PAGE_SIZE, TableFilters, table_page
from catalog.listings.worklists import Basis
from catalog.municipalities import town_names
from catalog.paging import Page
from office import i18n, labels
from office.session import current_actor, signed_in

FILTERS = ("q", "town", "kind", "theme", "status", "worklist")
"""The form's fields, in the order of the form; the page links keep them."""


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/listings", "listings", signed_in(listings))


def listings():
    actor = current_actor()
    db = get_session()
    lang = i18n.current()
    towns = town_names(db, chain=(lang, SOURCE_LANGUAGE))
    chosen = {name: request.args.get(name, "").strip() for name in FILTERS}
    errors: dict[str, list] = {}
    town_ids = {town.slug: town.id for town in towns}
    if chosen["town"] and chosen["town"] not in town_ids:
        errors["town"] = [Message("Invalid value.")]
    number = _page_number(request.args.get("page"), errors)
    filters = TableFilters(
        text=chosen["q"] or None,
        municipality_id=town_ids.get(chosen["town"]),
        kind=chosen["kind"] or None,
        theme=chosen["theme"] or None,
        status=chosen["status"] or None,
        worklist=chosen["worklist"] or None,
    )
    page = Page([], 0, number, PAGE_SIZE)
    if not errors:
        try:
            page = table_page(
                db,
                actor,
                filters,
                lang=lang,
                basis=Basis.of(language_policy().supported),
                page=number,
            )
        except InvalidRequest as error:
            errors.update(error.errors)
    kept = {name: value for name, value in chosen.items() if value}
    html = render_template(
        "office/listings.html",
        nav="listings",
        chosen=chosen,
        errors={name: [translate(message) for message in found] for name, found in errors.items()},
        page=page,
        towns=towns,
        town_names={town.id: town.name for town in towns},
        kinds=labels.kind_options(),
        themes=labels.theme_options(),
        statuses=labels.status_options(),
        worklists=labels.worklist_options(),
        previous=_page_url(kept, min(page.page - 1, page.pages)) if page.page > 1 else None,
        next=_page_url(kept, page.page + 1) if page.page < page.pages else None,
        **labels.template_helpers(),
    )
    return html, 400 if errors else 200


def _page_number(raw: str | None, errors: dict) -> int:
    if raw is None or raw == "":
        return 1
    if raw.isascii() and raw.isdigit() and 0 < len(raw) <= 9 and int(raw) >= 1:
        return int(raw)
    errors["page"] = [Message("Invalid value.")]
    return 1


def _page_url(kept: dict[str, str], number: int) -> str:
    return url_for("office.listings", **kept, **({"page": number} if number > 1 else {}))
