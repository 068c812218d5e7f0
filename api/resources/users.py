"""Administrators off-board accounts: deactivate, reactivate, reset a password, revoke tokens.

The same operations are `flask --app wsgi users ...` commands (api/cli.py); the rules are in
catalog/access/account_admin.py.
"""

from flask_restx import Namespace, Resource

from api.auth import current_actor
from api.body import json_body, load
from api.database import commit, get_session
from api.restx import ADMIN, docs, json_response, operation
from api.schemas.users import (
    NewPasswordSchema,
    RevokedTokensSchema,
    UserListSchema,
    UserSchema,
)
from catalog.access import account_admin

ns = Namespace("users", path="/users", description="Accounts (administrators)")


def user_data(user, live_tokens: int) -> dict:
    return {
        "id": user.id,
        "email": user.email,
        "role": user.role,
        "organisation": user.organisation.slug,
        "active": user.active,
        "live_tokens": live_tokens,
        "created_at": user.created_at,
    }


def _answer(user) -> object:
    counts = account_admin.live_token_counts(get_session(), [user])
    return json_response(UserSchema, user_data(user, counts.get(user.id, 0)))


@ns.route("")
class UserCollection(Resource):
    @operation(
        ns,
        200,
        "Every account (never a password)",
        UserListSchema,
        errors=(400, 401, 403),
        access=ADMIN,
    )
    def get(self, query):
        """List the accounts

        Each with its role, organisation, whether it is active and how many live tokens it
        holds.
        """
        session = get_session()
        users = account_admin.list_users(session, current_actor())
        counts = account_admin.live_token_counts(session, users)
        items = [user_data(user, counts.get(user.id, 0)) for user in users]
        return json_response(UserListSchema, {"items": items})


@ns.route("/<int(max=2147483647):user_id>/deactivate")
@ns.param("user_id", "The account's id")
class UserDeactivation(Resource):
    @operation(ns, 200, "Deactivated", UserSchema, errors=(400, 401, 403, 404), access=ADMIN)
    def post(self, user_id, query):
        """Deactivate an account: it cannot sign in, and every token it holds is revoked

        Off-boarding: the account and its history stay; an admin cannot deactivate their
        own account.
        """
        user = account_admin.deactivate_user(get_session(), current_actor(), user_id)
        commit()
        return _answer(user)


@ns.route("/<int(max=2147483647):user_id>/activate")
@ns.param("user_id", "The account's id")
class UserActivation(Resource):
    @operation(ns, 200, "Active again", UserSchema, errors=(400, 401, 403, 404), access=ADMIN)
    def post(self, user_id, query):
        """Reactivate an account: it signs in again with its password

        Tokens revoked when it was deactivated stay revoked.
        """
        user = account_admin.activate_user(get_session(), current_actor(), user_id)
        commit()
        return _answer(user)


@ns.route("/<int(max=2147483647):user_id>/password")
@ns.param("user_id", "The account's id")
class UserPassword(Resource):
    @ns.expect((docs.model(NewPasswordSchema), "The new password"))
    @operation(
        ns,
        200,
        "Set; every token was revoked",
        UserSchema,
        errors=(400, 401, 403, 404, 413, 415, 422),
        access=ADMIN,
    )
    def put(self, user_id, query):
        """Reset an account's password (under the password policy) and revoke its tokens

        12 to 128 characters, not easy to guess; a refused password is a 422 that says why.
        """
        account_admin.require_account_admin(current_actor())  # 401/403 before the body
        data = load(NewPasswordSchema(), json_body())
        user = account_admin.reset_password(
            get_session(), current_actor(), user_id, data["password"]
        )
        commit()
        return _answer(user)


@ns.route("/<int(max=2147483647):user_id>/tokens")
@ns.param("user_id", "The account's id")
class UserTokens(Resource):
    @operation(ns, 200, "Revoked", RevokedTokensSchema, errors=(400, 401, 403, 404), access=ADMIN)
    def delete(self, user_id, query):
        """Revoke every token of an account: sign it out everywhere

        The account stays active and can sign in again; the answer says how many tokens
        were live.
        """
        revoked = account_admin.revoke_user_tokens(get_session(), current_actor(), user_id)
        commit()
        return json_response(RevokedTokensSchema, {"revoked": revoked})
