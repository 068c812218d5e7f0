"""Packages: the table of the packages an office may see, and the package editor.

The editor is the shared one (office/views/editor_routes.py). Stops are an ordered list of
listing slugs (`stops[]`, one select per stop, the existing ones and two empty); each has
"move up" and "move down" buttons that work without JavaScript: they post the whole form to
`office.package_reorder` (`formaction`), which shows the page again with the stops
reordered and nothing saved, so an editor arranges the route and then saves once. The legs
between consecutive stops and the total distance are the domain's (catalog/offers/
packages.py), the same numbers the API gives.
"""

from dataclasses import dataclass

from babel.numbers import format_decimal
from flask import Blueprint, flash, render_template, request, url_for
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from api.database import get_session
from api.schemas.package_write import PackageCreateSchema, PackageWriteSchema
from catalog import editable
from catalog.data.seed_format import AUDIENCES
from catalog.i18n.languages import SOURCE_LANGUAGE
from catalog.models import Listing, Package, PackageStop, PackageTranslation
from catalog.offers.package_kind import PACKAGE
from catalog.offers.packages import PackageView, package_view
from office import editing, i18n
from office.editing import EditorKind, Form
from office.i18n import _
from office.session import current_actor, signed_in
from office.views.catalogue import (
    PAGE_SIZE,
    Place,
    TableFilters,
    page_number,
    place_choices,
    places,
    status_labels,
    table_page,
    text_in,
    text_languages,
    towns,
)
from office.views.editor_routes import EditorPages, register_editor
from office.views.events import i18n_date, posted_values, title_of

EMPTY_STOPS = 2  # empty selects after the stops, to add some

PACKAGE_EDITOR = EditorKind(
    kind=PACKAGE,
    write_schema=PackageWriteSchema,
    create_schema=PackageCreateSchema,
    template="office/package_editor.html",
)


def audience_labels() -> dict[str, str]:
    labels = {
        "families": _("Families"),
        "business_travellers": _("Business travellers"),
        "food_lovers": _("Food lovers"),
        "motor_fans": _("Motor fans"),
        "culture_lovers": _("Culture lovers"),
        "nature_lovers": _("Nature lovers"),
    }
    return {code: labels.get(code, code) for code in AUDIENCES}


# --- stops and their legs -------------------------------------------------------------------


def stop_slugs(form: Form) -> list[str]:
    found = form.values.get("stops") or []
    found = [found] if isinstance(found, str) else found
    return [slug.strip() for slug in found if slug and slug.strip()]


def moved(slugs: list[str], move: str) -> list[str]:
    """`slugs` (as posted, blanks included) with the stop at `index` moved: "<index>:up" or
    "<index>:down"; blanks then left out. A move off either end changes nothing."""
    index, _sep, direction = move.partition(":")
    slugs = list(slugs)
    if index.isdigit() and direction in ("up", "down"):
        here = int(index)
        there = here - 1 if direction == "up" else here + 1
        if 0 <= here < len(slugs) and 0 <= there < len(slugs):
            slugs[here], slugs[there] = slugs[there], slugs[here]
    return [slug.strip() for slug in slugs if slug.strip()]


@dataclass(frozen=True)
class Leg:
    number: int  # 1 for the leg from the first stop to the second
    start: Place
    end: Place
    km: float


@dataclass(frozen=True)
class Route:
    stops: list[str]  # the slugs, in order
    places: dict[str, Place]  # the known ones
    legs: list[Leg]
    total_km: float
    unknown: list[str]  # slugs that name no listing the editor may refer to

    def km(self, value: float) -> str:
        return format_decimal(value, "#,##0.0", locale=i18n.current())


def route(form: Form) -> Route:
    """The legs between the form's stops and the total distance, as the domain computes them
    for the API (catalog/offers/packages.py): on the stops shown, saved or not."""
    slugs = stop_slugs(form)
    known = places(get_session(), current_actor(), slugs)
    listed = [slug for slug in slugs if slug in known]
    view = legs_of([known[slug].listing for slug in listed])
    legs = [
        Leg(index, known[listed[index - 1]], known[listed[index]], km)
        for index, km in enumerate(view.legs_km)
        if km is not None
    ]
    unknown = [slug for slug in slugs if slug not in known]
    return Route(slugs, known, legs, round(view.total_km, 3), unknown)


def legs_of(listings: list[Listing]) -> PackageView:
    """The domain's view of a package with these stops, as its editors see it (every stop,
    places seen only from outside included). The package is never added to the session."""
    draft = Package(stops=[PackageStop(position=i, listing=s) for i, s in enumerate(listings)])
    return package_view(draft, public=False, include_outside=True)


# --- the editor -----------------------------------------------------------------------------


def context(entity) -> dict:
    session, actor = get_session(), current_actor()
    return {
        "places": place_choices(session, actor),
        "audiences": list(audience_labels().items()),
        "languages": text_languages(),
        "statuses": status_labels(),
        "route": route,
        "stop_slugs": stop_slugs,
        "empty_stops": EMPTY_STOPS,
        "title_of": title_of,
        "reorder_url": url_for("office.package_reorder", slug=entity.slug)
        if entity is not None
        else url_for("office.package_new_reorder"),
    }


PAGES = EditorPages("package", PACKAGE_EDITOR, context, "packages")


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/packages", "packages", signed_in(packages))
    register_editor(bp, PAGES)
    bp.add_url_rule(
        "/packages/<slug>/reorder", "package_reorder", signed_in(reorder), methods=["POST"]
    )
    bp.add_url_rule(
        "/packages/new/reorder", "package_new_reorder", signed_in(reorder), methods=["POST"]
    )


def reorder(slug: str | None = None):
    """The page again, as typed, with one stop moved: nothing is saved."""
    session, actor = get_session(), current_actor()
    entity = editable.load_for_edit(session, PACKAGE, slug, actor) if slug else None
    posted = request.form
    values = {
        name: value
        for name, value in posted_values(posted).items()
        if name not in ("_move", "_action", "csrf_token")
    }
    values["stops"] = moved(posted.getlist("stops[]"), posted.get("_move", ""))
    form = Form(
        values=values,
        version=_int(posted.get("_version")),
        revision=_int(posted.get("_revision")),
        read_only=entity is not None and not editing.writable(session, PACKAGE, actor, entity),
    )
    flash(_("The stops are in their new order: save to keep it."), "info")
    page = render_template(
        PACKAGE_EDITOR.template,
        nav=PAGES.nav,
        entity=entity,
        form=form,
        pages=PAGES,
        **context(entity),
    )
    return page, 200


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


# --- the table ------------------------------------------------------------------------------


def packages():
    session, actor = get_session(), current_actor()
    lang = i18n.current()
    named = towns(session)
    query = select(Package)
    if not actor.is_admin:
        outside = (
            select(PackageStop.id)
            .join(Listing, Listing.id == PackageStop.listing_id)
            .where(
                PackageStop.package_id == Package.id,
                Listing.municipality_id.not_in(actor.municipality_ids),
            )
            .exists()
        )
        query = query.where(or_(Package.status == "published", ~outside))
    filters = TableFilters.asked(named)
    if filters.status:
        query = query.where(Package.status == filters.status)
    if filters.town is not None:
        query = query.where(
            select(PackageStop.id)
            .join(Listing, Listing.id == PackageStop.listing_id)
            .where(PackageStop.package_id == Package.id, Listing.municipality_id == filters.town.id)
            .exists()
        )
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    number = page_number()
    found = session.scalars(
        query.options(
            selectinload(
                Package.translations.and_(PackageTranslation.lang.in_((lang, SOURCE_LANGUAGE)))
            ),
            selectinload(Package.stops).joinedload(PackageStop.listing),
        )
        .order_by(Package.slug)
        .offset((number - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    )
    rows = []
    for package in found:
        ids = dict.fromkeys(stop.listing.municipality_id for stop in package.stops)
        rows.append(
            {
                "package": package,
                "name": text_in(package.translations, lang) or package.slug,
                "towns": [named[i].name for i in ids if i in named],
                "stops": len(package.stops),
                "duration": _duration(package),
            }
        )
    return table_page("packages", rows, total, number, filters, named, format_date=i18n_date)


def _duration(package: Package) -> str:
    if package.duration_days:
        return i18n.ngettext("%(num)s day", "%(num)s days", package.duration_days)
    if package.duration_hours:
        hours = format_decimal(package.duration_hours, "#,##0.#", locale=i18n.current())
        return _("%(hours)s hours", hours=hours)
    return ""
