"""Accounts, for administrators: who may edit which town, and off-boarding.

Every rule is the domain's (catalog/access/account_admin.py, accounts.create_user): the
password policy, the roles, and that an administrator never manages their own account here.
An account's organisation (whose towns it edits) and role change in place.
"""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from api.database import commit, get_session
from api.io import NUL
from catalog.access import account_admin, accounts
from catalog.errors import CatalogError, Conflict, Forbidden, NotFound
from catalog.i18n.messages import Message
from catalog.models import Organisation
from catalog.models.accounts import ROLES
from office.i18n import _
from office.session import admins_only, current_actor
from office.views.admin_forms import form_values, problems

USER = "/users/<int(max=2147483647):user_id>"
NEW_USER_FIELDS = ("email", "organisation", "role", "password")


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/users", "users", admins_only(users))
    bp.add_url_rule("/users", "create_user", admins_only(create_user), methods=["POST"])
    bp.add_url_rule(USER, "user", admins_only(user))
    bp.add_url_rule(
        f"{USER}/deactivate", "deactivate_user", admins_only(deactivate), methods=["POST"]
    )
    bp.add_url_rule(f"{USER}/activate", "activate_user", admins_only(activate), methods=["POST"])
    bp.add_url_rule(f"{USER}/password", "user_password", admins_only(password), methods=["POST"])
    bp.add_url_rule(f"{USER}/placement", "assign_user", admins_only(assign), methods=["POST"])
    bp.add_url_rule(f"{USER}/tokens", "user_tokens", admins_only(revoke_tokens), methods=["POST"])


def role_labels() -> dict[str, str]:
    labels = {"admin": _("Administrator"), "editor": _("Editor")}
    return {role: labels.get(role, role) for role in ROLES}


def users(values: dict | None = None, errors: dict | None = None, status: int = 200):
    db = get_session()
    listed = account_admin.list_users(db, current_actor())
    page = render_template(
        "office/users.html",
        nav="users",
        users=listed,
        organisations=organisation_choices(),
        roles=role_labels(),
        values=values or {"role": "editor"},
        errors=errors or {},
    )
    return page, status


def organisation_choices() -> list[tuple[str, str]]:
    rows = get_session().execute(
        select(Organisation.slug, Organisation.name).order_by(Organisation.kind, Organisation.name)
    )
    return [tuple(row) for row in rows]


def create_user():
    account_admin.require_account_admin(current_actor())
    values = {name: request.form.get(name, "") for name in NEW_USER_FIELDS}
    try:
        values = form_values(*NEW_USER_FIELDS)
        created = accounts.create_user(
            get_session(),
            values["email"],
            values["password"],
            values["organisation"],
            values["role"],
        )
    except Conflict as error:
        return users(_without_password(values), problems(error, "email"), 409)
    except CatalogError as error:
        return users(_without_password(values), problems(error), 422)
    commit()
    flash(_("The account %(email)s was created.", email=created.email), "success")
    return redirect(url_for("office.user", user_id=created.id))


def _without_password(values: dict) -> dict:
    """A refused form comes back filled in, but a password is never written into a page."""
    return {name: value.replace(NUL, "") for name, value in values.items()} | {"password": ""}


def user(user_id: int, errors: dict | None = None, status: int = 200):
    db = get_session()
    account_admin.require_account_admin(current_actor())
    found = accounts.load_user(db, user_id)
    if found is None:
        raise NotFound(Message("No user has this id or email."))
    live = account_admin.live_token_counts(db, [found]).get(found.id, 0)
    page = render_template(
        "office/user.html",
        nav="users",
        user=found,
        organisations=organisation_choices(),
        live_tokens=live,
        roles=role_labels(),
        is_me=found.id == current_actor().user_id,
        errors=errors or {},
    )
    return page, status


def deactivate(user_id: int):
    return _act(user_id, account_admin.deactivate_user, _("The account was deactivated."))


def activate(user_id: int):
    return _act(user_id, account_admin.activate_user, _("The account is active again."))


def revoke_tokens(user_id: int):
    return _act(
        user_id, account_admin.revoke_user_tokens, _("The account was signed out everywhere.")
    )


def assign(user_id: int):
    def apply(db, actor, target):
        chosen = form_values("organisation", "role")
        return account_admin.assign_user(db, actor, target, chosen["organisation"], chosen["role"])

    return _act(user_id, apply, _("The account's organisation and role are saved."))


def password(user_id: int):
    def reset(db, actor, target):
        new = form_values("password")["password"]
        return account_admin.reset_password(db, actor, target, new)

    return _act(
        user_id, reset, _("The new password is set; the account was signed out everywhere.")
    )


def _act(user_id: int, action, done: str):
    """Run one domain action on the account, then back to its page (with the refusal, if any)."""
    try:
        action(get_session(), current_actor(), user_id)
    except NotFound:
        raise
    except CatalogError as error:
        status = 403 if isinstance(error, Forbidden) else 422
        return user(user_id, problems(error), status)
    commit()
    flash(done, "success")
    return redirect(url_for("office.user", user_id=user_id))
