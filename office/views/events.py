"""Events: the table of the events an office may see, and the event editor.

The editor is the shared one (office/views/editor_routes.py); this module adds the choices
its fields need and the recurrence builder (office/rules.py): the builder's `_rule_*` fields
compose the `recurrence` RRULE in `tidy`, so it works without JavaScript, and the page says
the rule in words with its next dates, expanded by the domain as the API expands them.
"""

from dataclasses import dataclass
from datetime import date

from babel.dates import format_date
from flask import Blueprint, has_request_context, request
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from api.database import get_session
from api.i18n import translate
from api.schemas.event_write import EventCreateSchema, EventWriteSchema
from catalog.events.kind import EVENT
from catalog.events.queries import Occurrence, next_occurrences
from catalog.events.recurrence import InvalidRule, checked_rule
from catalog.i18n.languages import SOURCE_LANGUAGE
from catalog.models import Event, EventTranslation
from catalog.vocabularies import THEMES
from office import i18n, rules
from office.editing import EditorKind, Form
from office.session import current_actor, signed_in
from office.views.catalogue import (
    PAGE_SIZE,
    TableFilters,
    page_number,
    place_choices,
    status_labels,
    table_page,
    text_in,
    text_languages,
    town_choices,
    towns,
)
from office.views.editor_routes import EditorPages, register_editor

UPCOMING = 5


def posted_values(form) -> dict:
    """A posted form by field name, lists for `name[]` (named without the brackets)."""
    return {
        name.removesuffix("[]"): form.getlist(name) if name.endswith("[]") else form.get(name)
        for name in form
    }


def tidy(state: dict) -> dict:
    """The builder's fields, when posted, make `recurrence` (see rules.chosen_rule)."""
    if not has_request_context() or request.method != "POST":
        return state
    rule = rules.chosen_rule(posted_values(request.form), state.get("recurrence"))
    if rule:
        state["recurrence"] = rule
    else:
        state.pop("recurrence", None)
    return state


EVENT_EDITOR = EditorKind(
    kind=EVENT,
    write_schema=EventWriteSchema,
    create_schema=EventCreateSchema,
    template="office/event_editor.html",
    tidy=tidy,
)


@dataclass
class Repetition:
    """What the page shows of the repetition: the builder, the rule, its words and dates."""

    builder: rules.RuleBuilder
    form: Form  # the builder's fields, for the field macros
    rule: str | None
    words: str
    upcoming: list[Occurrence]
    problem: str | None = None


def repetition(form: Form) -> Repetition:
    values = form.values
    builder = rules.builder_for(values)
    typed = values.get("recurrence") if isinstance(values.get("recurrence"), str) else None
    rule = typed
    if "_rule_freq" in values:  # a page sent back: the raw field and the builder agree again
        rule = rules.chosen_rule(values, typed)
        values["recurrence"] = rule or ""
        builder.shown = rule or ""
    upcoming, problem = next_dates(rule, _date(values.get("start")), _date(values.get("end")))
    shown = {
        "_rule_freq": builder.freq,
        "_rule_interval": builder.interval,
        "_rule_byday": builder.byday,
        "_rule_ordinal": builder.ordinal,
        "_rule_bymonthday": builder.bymonthday,
        "_rule_bymonth": builder.bymonth,
        "_rule_count": builder.count,
        "_rule_until": builder.until,
    }
    return Repetition(
        builder=builder,
        form=Form(values=shown, version=0, revision=0, read_only=form.read_only),
        rule=rule,
        words=rules.in_words(rule, i18n.current()),
        upcoming=upcoming,
        problem=problem,
    )


def next_dates(rule: str | None, start: date | None, end: date | None):
    """The next occurrences from today, as the API's `upcoming` says them; or why not."""
    if start is None:
        return [], None
    end = end if end is not None and end >= start else start
    if rule:
        try:
            rule = checked_rule(rule, start)
        except InvalidRule as invalid:
            return [], translate(invalid.message)
    draft = Event(start=start, end=end, recurrence=rule or None)  # never added to the session
    return next_occurrences(draft, date.today(), UPCOMING), None


def _date(value) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def context(entity) -> dict:
    session, actor = get_session(), current_actor()
    lang = i18n.current()
    current = None
    if entity is not None:
        town = towns(session).get(entity.municipality_id)
        current = town.slug if town else None
    return {
        "towns": town_choices(session, actor, current),
        "places": place_choices(session, actor),
        "themes": [(code, translate(name)) for code, name in THEMES.items()],
        "languages": text_languages(),
        "statuses": status_labels(),
        "repetition": repetition,
        "frequencies": rules.frequency_options(),
        "weekdays": rules.weekday_options(lang),
        "ordinals": rules.ordinal_options(),
        "months": rules.month_options(lang),
        "format_day": lambda day: i18n_date(day, "full"),
        "title_of": title_of,
    }


def i18n_date(day: date, style: str = "medium") -> str:
    return format_date(day, style, locale=i18n.current())


def title_of(form: Form, fallback: str) -> str:
    lang = i18n.current()
    for code in (lang, SOURCE_LANGUAGE):
        name = form.values.get(f"translations.{code}.name")
        if isinstance(name, str) and name.strip():
            return name
    return fallback


PAGES = EditorPages("event", EVENT_EDITOR, context, "events")


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/events", "events", signed_in(events))
    register_editor(bp, PAGES)


def events():
    session, actor = get_session(), current_actor()
    lang = i18n.current()
    named = towns(session)
    query = select(Event)
    if not actor.is_admin:
        query = query.where(
            or_(Event.status == "published", Event.municipality_id.in_(actor.municipality_ids))
        )
    filters = TableFilters.asked(named)
    if filters.status:
        query = query.where(Event.status == filters.status)
    if filters.town is not None:
        query = query.where(Event.municipality_id == filters.town.id)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    number = page_number()
    found = session.scalars(
        query.options(
            selectinload(
                Event.translations.and_(EventTranslation.lang.in_((lang, SOURCE_LANGUAGE)))
            )
        )
        .order_by(Event.start.desc(), Event.slug)
        .offset((number - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    )
    today = date.today()
    rows = [
        {
            "event": event,
            "name": text_in(event.translations, lang) or event.slug,
            "town": named[event.municipality_id].name if event.municipality_id in named else "",
            "next": next(iter(_next(event, today)), None),
        }
        for event in found
    ]
    return table_page("events", rows, total, number, filters, named, format_date=i18n_date)


def _next(event: Event, today: date) -> list[Occurrence]:
    try:
        return next_occurrences(event, today, 1)
    except (ValueError, TypeError):  # a rule written before the checks existed
        return []
