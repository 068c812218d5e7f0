"""Editors sign in for a bearer token, list their tokens and revoke them."""

from datetime import timedelta

from flask import current_app, request
from flask_restx import Namespace, Resource

from api.auth import current_actor, current_token_id
from api.body import json_body, load
from api.database import commit, get_session
from api.io import use_query
from api.restx import SIGNED_IN, docs, documented_errors, json_response, no_content, operation
from api.schemas.auth import IssuedTokenSchema, LoginSchema, TokenListSchema
from api.schemas.base import QuerySchema
from catalog.access import accounts
from catalog.access.permissions import require_actor
from catalog.errors import InvalidCredentials

ns = Namespace("auth", description="Sign in, for tourism offices and the district")


@ns.route("/token")
class Token(Resource):
    @ns.expect((docs.model(LoginSchema), "Email and password"))
    @operation(
        ns, 201, "A new bearer token", IssuedTokenSchema, errors=(400, 401, 413, 415, 422, 429)
    )
    def post(self, query):
        """Sign in: exchange email and password for a bearer token

        Wrong password and unknown email get the same 401; repeated failures at one account
        from one address (backing off), or very many from one address, get 429 with Retry-After.
        """
        data = load(LoginSchema(), json_body())
        session = get_session()
        try:
            user = accounts.authenticate(
                session, data["email"], data["password"], request.remote_addr or "unknown"
            )
        except InvalidCredentials:
            commit()  # the failure must count even though the request fails
            raise
        hours = current_app.config["DISTRETTO_TOKEN_HOURS"]
        issued = accounts.issue_token(session, user, timedelta(hours=hours))
        commit()
        body = {
            "id": issued.token.id,
            "token": issued.secret,
            "token_type": "Bearer",
            "expires_at": issued.token.expires_at,
        }
        return json_response(
            IssuedTokenSchema, body, status=201, headers={"Cache-Control": "no-store"}
        )

    @ns.response(204, "Revoked")
    @documented_errors(400, 401, access=SIGNED_IN)
    @use_query(ns, docs, QuerySchema)
    def delete(self, query):
        """Sign out: revoke the token this request carries

        The token stops working at once; your other tokens stay valid.
        """
        actor = require_actor(current_actor())
        accounts.revoke_token(get_session(), actor, current_token_id())
        commit()
        return no_content()


@ns.route("/tokens")
class TokenList(Resource):
    @operation(ns, 200, "Your live tokens", TokenListSchema, errors=(400, 401), access=SIGNED_IN)
    def get(self, query):
        """List your live tokens (never their secrets)

        The tokens of your account that are neither revoked nor expired, with when they
        were issued and expire; `current` marks the one of this request.
        """
        actor = require_actor(current_actor())
        current = current_token_id()
        tokens = accounts.list_tokens(get_session(), actor)
        items = [
            {
                "id": token.id,
                "created_at": token.created_at,
                "expires_at": token.expires_at,
                "current": token.id == current,
            }
            for token in tokens
        ]
        return json_response(TokenListSchema, {"items": items})


@ns.route("/tokens/<int(max=2147483647):token_id>")
@ns.param("token_id", "The id of one of your tokens")
class TokenItem(Resource):
    @ns.response(204, "Revoked")
    @documented_errors(400, 401, 404, access=SIGNED_IN)
    @use_query(ns, docs, QuerySchema)
    def delete(self, token_id, query):
        """Revoke one of your tokens

        E.g. one left on another device. Another account's token answers 404, like one
        that does not exist.
        """
        actor = require_actor(current_actor())
        accounts.revoke_token(get_session(), actor, token_id)
        commit()
        return no_content()
