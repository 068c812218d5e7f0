"""The dashboard of my towns: what there is, how much of it is translated, and the worklists
that make the data better (catalog/listings/worklists.py), each with its first entries linked
to the section of the editor that fixes them, and a link to all of them in the table."""

from dataclasses import dataclass

from flask import Blueprint, render_template

from api.database import get_session
from api.locale import language_policy
from catalog.i18n.languages import SOURCE_LANGUAGE
from catalog.i18n.translation_status import complete_counts
from catalog.listings import table, worklists
from catalog.listings.table import Row, TableFilters
from catalog.listings.worklists import Basis, Worklist
from catalog.municipalities import town_names
from office import i18n, labels
from office.session import current_actor, signed_in

ENTRIES = 10
"""How many entries of each worklist the dashboard shows."""


@dataclass(frozen=True)
class WorklistView:
    worklist: Worklist
    count: int
    entries: list[Row]


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/", "dashboard", signed_in(dashboard))


def dashboard():
    actor = current_actor()
    db = get_session()
    lang = i18n.current()
    basis = Basis.of(language_policy().supported)
    towns = town_names(db, chain=(lang, SOURCE_LANGUAGE))
    counts = worklists.counts(db, actor, basis)
    lists = [
        WorklistView(
            worklist, counts[worklist.code], _entries(db, actor, worklist, counts, lang, basis)
        )
        for worklist in worklists.WORKLISTS
    ]
    return render_template(
        "office/dashboard.html",
        nav="dashboard",
        my_towns=[town.name for town in towns if actor.covers(town.id)],
        all_towns=actor.is_admin or all(actor.covers(town.id) for town in towns),
        town_names={town.id: town.name for town in towns},
        counts=table.status_counts(db, actor),
        translations=complete_counts(db, basis.languages, worklists.covered(actor)),
        languages=basis.languages,
        worklists=lists,
        **labels.template_helpers(),
    )


def _entries(db, actor, worklist: Worklist, counts: dict, lang: str, basis: Basis) -> list[Row]:
    """The first rows of the table filtered by the worklist (none asked when it is empty)."""
    if not counts[worklist.code]:
        return []
    only = TableFilters(worklist=worklist.code)
    return table.first_rows(db, actor, only, lang=lang, basis=basis, limit=ENTRIES)
