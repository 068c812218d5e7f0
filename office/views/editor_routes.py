"""The routes of every kind's editor, declared once: the page, save, create, status
actions, history and restoring a revision. A kind's module says only its URL, its
`EditorKind` and its page's extra context (choices for selects, previews).

Every write goes through catalog/editable.py with the signed-in actor, then commits, then
redirects (post/redirect/get); what could not be saved is shown again, as typed, with the
reasons beside the fields (422) or the other person's changes beside mine (409).
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, flash, redirect, render_template, request, url_for

from api.database import commit, get_session
from api.errors import flatten_errors
from api.i18n import translate
from catalog import editable
from catalog.errors import Conflict, InvalidData, InvalidRequest, PreconditionFailed
from office import editing
from office.editing import EditorKind, Form
from office.i18n import _
from office.session import current_actor, signed_in

# The buttons' values and the write core's actions: archiving is the API's DELETE.
ACTIONS = {
    "publish": "publish",
    "unpublish": "unpublish",
    "archive": "delete",
    "restore": "restore",
}


@dataclass(frozen=True)
class EditorPages:
    name: str  # endpoint prefix and URL segment: "listing" -> /office/listings/<slug>
    editor: EditorKind
    context: Callable[[object | None], dict]  # entity (None: new) -> extra template context
    nav: str  # the NAV entry it belongs to

    @property
    def prefix(self) -> str:
        return f"/{self.name}s"


def register_editor(bp: Blueprint, pages: EditorPages) -> None:
    n, p = pages.name, pages.prefix
    rules = (
        (f"{p}/new", "_new", _new, ["GET", "POST"]),
        (f"{p}/<slug>", "", _edit, ["GET", "POST"]),
        (f"{p}/<slug>/status", "_status", _status, ["POST"]),
        (f"{p}/<slug>/history", "_history", _history, ["GET"]),
        (
            f"{p}/<slug>/revisions/<int(max=2147483647):number>/restore",
            "_restore",
            _restore,
            ["POST"],
        ),
    )
    for rule, suffix, view, methods in rules:
        bp.add_url_rule(rule, n + suffix, signed_in(_bound(view, pages)), methods=methods)


def _bound(view, pages: EditorPages):
    def bound(**kwargs):
        return view(pages, **kwargs)

    bound.__name__ = view.__name__
    return bound


def _load(pages: EditorPages, slug: str):
    return editable.load_for_edit(get_session(), pages.editor.kind, slug, current_actor())


def _page(pages: EditorPages, entity, form: Form, status: int = 200):
    context = {"nav": pages.nav, "entity": entity, "form": form, "pages": pages}
    return render_template(pages.editor.template, **context, **pages.context(entity)), status


def _edit(pages: EditorPages, slug: str):
    session, actor = get_session(), current_actor()
    entity = _load(pages, slug)
    if request.method == "GET":
        return _page(pages, entity, editing.open_form(session, pages.editor, actor, entity))
    refused = editing.save(session, pages.editor, actor, entity, request.form)
    if refused is None:
        commit()
        flash(_("Saved."), "success")
        return redirect(url_for(f"office.{pages.name}", slug=entity.slug))
    session.rollback()
    return _page(pages, entity, refused, 409 if refused.conflicts or refused.theirs else 422)


def _new(pages: EditorPages):
    session, actor = get_session(), current_actor()
    if request.method == "GET":
        return _page(pages, None, Form(values={}, version=0, revision=0))
    try:
        state = editing.load_form(pages.editor, request.form, pages.editor.create_schema)
        slug = state.pop("slug", None)
        entity = editable.create(session, pages.editor.kind, actor, state, slug)
    except (InvalidData, InvalidRequest, Conflict) as error:
        session.rollback()
        errors = flatten_errors(getattr(error, "errors", None) or {"slug": [error.detail]})
        form = editing.refused_form(request.form, 0, 0, errors)
        return _page(pages, None, form, 422)
    commit()
    flash(_("Created as a draft."), "success")
    return redirect(url_for(f"office.{pages.name}", slug=entity.slug))


def _status(pages: EditorPages, slug: str):
    button = request.form.get("_action")
    if button not in ACTIONS:
        return redirect(url_for(f"office.{pages.name}", slug=slug))
    action = ACTIONS[button]
    session = get_session()
    entity = _load(pages, slug)
    try:
        editable.set_status(session, pages.editor.kind, current_actor(), entity, action, _version())
    except (PreconditionFailed, Conflict) as error:
        session.rollback()
        flash(_refusal(error), "error")
        return redirect(url_for(f"office.{pages.name}", slug=slug))
    commit()
    flash(DONE[action](), "success")
    return redirect(url_for(f"office.{pages.name}", slug=entity.slug))


DONE = {
    "publish": lambda: _("Published: visitors and partners see it now."),
    "unpublish": lambda: _("Back to draft: only your office and admins see it."),
    "delete": lambda: _("Archived: hidden from the public; restore brings it back."),
    "restore": lambda: _("Restored, with the status it had."),
}


def _refusal(error) -> str:
    if isinstance(error, PreconditionFailed):
        return _("Someone changed it after you opened the page: look at their changes first.")
    return translate(error.detail)


def _history(pages: EditorPages, slug: str):
    session, actor = get_session(), current_actor()
    entity = _load(pages, slug)
    found = editable.revisions(session, pages.editor.kind, actor, entity)
    return render_template(
        "office/history.html",
        nav=pages.nav,
        pages=pages,
        entity=entity,
        revisions=list(reversed(found)),
    )


def _restore(pages: EditorPages, slug: str, number: int):
    session = get_session()
    entity = _load(pages, slug)
    try:
        editable.restore_revision(
            session, pages.editor.kind, current_actor(), entity, number, _version()
        )
    except PreconditionFailed as error:
        session.rollback()
        flash(_refusal(error), "error")
        return redirect(url_for(f"office.{pages.name}_history", slug=slug))
    commit()
    flash(_("Revision %(number)s brought back as a new revision.", number=number), "success")
    return redirect(url_for(f"office.{pages.name}", slug=entity.slug))


def _version() -> int:
    try:
        return int(request.form.get("_version", ""))
    except ValueError:
        return -1
