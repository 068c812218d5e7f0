"""Administrators issue, list and revoke partners' API keys."""

from flask_restx import Namespace, Resource

from api.auth import current_actor
from api.body import json_body, load
from api.database import commit, get_session
from api.io import use_query
from api.restx import ADMIN, docs, documented_errors, json_response, no_content, operation
from api.schemas.api_keys import (
    ApiKeyCreateSchema,
    ApiKeyListSchema,
    IssuedApiKeySchema,
)
from api.schemas.base import QuerySchema
from catalog.access import api_keys
from catalog.access.permissions import require_actor
from catalog.errors import Forbidden
from catalog.i18n.messages import Message

ns = Namespace("api-keys", path="/api-keys", description="Partner keys (administrators)")


def _key_data(key) -> dict:
    return {
        "id": key.id,
        "name": key.name,
        "prefix": key.prefix,
        "per_minute": key.per_minute,
        "created_at": key.created_at,
        "revoked_at": key.revoked_at,
    }


@ns.route("")
class ApiKeyCollection(Resource):
    @operation(
        ns,
        200,
        "Every key (never its secret)",
        ApiKeyListSchema,
        errors=(400, 401, 403),
        access=ADMIN,
    )
    def get(self, query):
        """List the partner API keys

        Revoked ones included (with revoked_at); the prefix tells keys apart, the secret is
        never stored.
        """
        keys = api_keys.list_keys(get_session(), current_actor())
        return json_response(ApiKeyListSchema, {"items": [_key_data(key) for key in keys]})

    @ns.expect((docs.model(ApiKeyCreateSchema), "Name and rate limit"))
    @operation(
        ns,
        201,
        "The new key, shown once",
        IssuedApiKeySchema,
        errors=(400, 401, 403, 413, 415, 422),
        access=ADMIN,
    )
    def post(self, query):
        """Issue a partner API key

        The key is in the answer once (only its SHA-256 digest is stored): hand it to the
        partner, who sends it as X-API-Key and gets per_minute requests a minute.
        """
        _require_admin()  # 401/403 before the body: an editor learns nothing from validation
        data = load(ApiKeyCreateSchema(), json_body())
        issued = api_keys.create_key(
            get_session(), current_actor(), data["name"], data["per_minute"]
        )
        commit()
        body = {**_key_data(issued.key), "key": issued.secret}
        return json_response(
            IssuedApiKeySchema, body, status=201, headers={"Cache-Control": "no-store"}
        )


def _require_admin() -> None:
    if not require_actor(current_actor()).is_admin:
        raise Forbidden(Message("Only administrators manage API keys."))


@ns.route("/<int(max=2147483647):key_id>")
@ns.param("key_id", "The key's id")
class ApiKeyItem(Resource):
    @ns.response(204, "Revoked")
    @documented_errors(400, 401, 403, 404, access=ADMIN)
    @use_query(ns, docs, QuerySchema)
    def delete(self, key_id, query):
        """Revoke a partner API key

        From the next request on, the key is a 401.
        """
        api_keys.revoke_key(get_session(), current_actor(), key_id)
        commit()
        return no_content()
