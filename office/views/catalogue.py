"""What the events and packages pages share: names in the office's language, the choices of
towns and listings an editor may refer to, and the paging of their tables."""

from dataclasses import dataclass

from babel import Locale
from flask import current_app, render_template, request, url_for
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from catalog.access.permissions import Actor
from catalog.i18n.languages import SOURCE_LANGUAGE
from catalog.models import Listing, ListingTranslation, Municipality, MunicipalityTranslation
from catalog.paging import Page
from catalog.vocabularies import STATUSES
from office import i18n
from office.i18n import _

PAGE_SIZE = 50


def page_number() -> int:
    try:
        return max(1, min(int(request.args.get("page", "1")), 100_000))
    except ValueError:
        return 1


def text_in(rows, lang: str, name: str = "name") -> str | None:
    """A text in `lang`, else in the source language, else in any language."""
    by_lang = {row.lang: getattr(row, name) for row in rows if getattr(row, name)}
    return by_lang.get(lang) or by_lang.get(SOURCE_LANGUAGE) or next(iter(by_lang.values()), None)


@dataclass(frozen=True)
class Town:
    id: int
    slug: str
    name: str


def towns(session: Session) -> dict[int, Town]:
    """The district's towns by id, named in the office's language."""
    lang = i18n.current()
    found = session.scalars(
        select(Municipality)
        .options(
            selectinload(
                Municipality.translations.and_(
                    MunicipalityTranslation.lang.in_((lang, SOURCE_LANGUAGE))
                )
            )
        )
        .order_by(Municipality.slug)
    )
    return {t.id: Town(t.id, t.slug, text_in(t.translations, lang) or t.slug) for t in found}


def town_choices(session: Session, actor: Actor, current: str | None = None) -> list[tuple]:
    """The towns an editor may write for, and the one the form shows."""
    return [
        (town.slug, town.name)
        for town in towns(session).values()
        if actor.covers(town.id) or town.slug == current
    ]


@dataclass(frozen=True)
class Place:
    listing: Listing
    name: str
    town: str

    @property
    def label(self) -> str:
        return f"{self.name} ({self.town})"


def places(session: Session, actor: Actor, slugs=None) -> dict[str, Place]:
    """Listings an editor may refer to (published, or of their towns) by slug, named; only
    `slugs` when given."""
    lang = i18n.current()
    query = select(Listing).options(
        selectinload(
            Listing.translations.and_(ListingTranslation.lang.in_((lang, SOURCE_LANGUAGE)))
        )
    )
    if not actor.is_admin:
        query = query.where(
            or_(Listing.status == "published", Listing.municipality_id.in_(actor.municipality_ids))
        )
    if slugs is not None:
        query = query.where(Listing.slug.in_(list(slugs)))
    named = towns(session)
    found = {}
    for listing in session.scalars(query):
        town = named.get(listing.municipality_id)
        name = text_in(listing.translations, lang) or listing.slug
        found[listing.slug] = Place(listing, name, town.name if town else "")
    return found


def place_choices(session: Session, actor: Actor) -> list[tuple[str, str]]:
    found = places(session, actor).values()
    return [(p.listing.slug, p.label) for p in sorted(found, key=lambda p: p.label.casefold())]


def status_labels() -> dict[str, str]:
    labels = {"draft": _("Draft"), "published": _("Published"), "archived": _("Archived")}
    return {status: labels.get(status, status) for status in STATUSES}


def text_languages() -> list[tuple[str, str]]:
    """The catalogue's languages (every text is written in each), named in the office's."""
    names = Locale.parse(i18n.current()).languages
    found = []
    for code in current_app.config["DISTRETTO_LANGUAGES"]:
        name = names.get(code, code)
        found.append((code, name[:1].upper() + name[1:]))
    return found


@dataclass(frozen=True)
class TableFilters:
    """The filters of an events or packages table: a status ("" for any) and a town."""

    status: str
    town: Town | None

    @classmethod
    def asked(cls, named: dict[int, Town]) -> "TableFilters":
        status = request.args.get("status", "")
        town = next((t for t in named.values() if t.slug == request.args.get("town")), None)
        return cls(status if status in STATUSES else "", town)

    def shown(self) -> dict[str, str]:
        return {"status": self.status, "town": self.town.slug if self.town else ""}


def table_page(
    nav: str, rows: list, total: int, number: int, filters: TableFilters, named, **context
) -> str:
    """An events or packages table (`office/<nav>.html`): a page of rows, its filters, the
    towns and statuses to choose from, links to the other pages."""
    shown = filters.shown()
    return render_template(
        f"office/{nav}.html",
        nav=nav,
        page=Page(rows, total, number, PAGE_SIZE),
        filters=shown,
        towns=[(t.slug, t.name) for t in named.values()],
        statuses=status_labels(),
        page_url=lambda n: url_for(
            f"office.{nav}", page=n, **{k: v for k, v in shown.items() if v}
        ),
        **context,
    )
