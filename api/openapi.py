"""The OpenAPI 3 document (`/api/v1/openapi.json`), beside restx's Swagger 2.0 one.

Nothing here lists operations by hand: the walk goes over the restx Api's namespaces and
resources with restx's own `Swagger.extract_resource_doc` (paths, summaries, descriptions,
operation ids, path parameters, expected bodies, declared responses), and over what our
decorators record beside it in `__apidoc__` (`query_schema`, `access`, `response_headers`,
see api/restx.py and api/io.py). apispec (OpenAPI 3.0.3) turns the same marshmallow schemas
into components, so the document and the validation cannot drift apart.

What it adds that Swagger 2.0 could not say:
- a body per media type: JSON, and JSON-LD, GeoJSON, CSV or iCalendar where the operation's
  `format` parameter offers them (what `choose()` serves by `format=` or Accept);
- sparse fieldsets: where `fields=` is accepted, the 200 item schema requires only what a
  sparse item always keeps (id, slug, links);
- problem+json for every error status, as shared `#/components/responses`;
- security schemes (bearer token, X-API-Key) and each operation's requirement;
- conditional request headers and the response headers (ETag, Link, RateLimit-*, ...);
- a description and an example for every operation and parameter.
"""

import copy
import re
from datetime import UTC, datetime
from http import HTTPStatus

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import current_app
from flask_restx import Api
from flask_restx.swagger import Swagger, extract_path, parse_rule
from marshmallow import Schema, fields

from api.docs import schema_name
from api.ratelimit import API_KEY_HEADER
from api.representations import MEDIA_TYPES
from api.schemas.base import PageSchema, ProblemSchema
from api.schemas.query_fields import BoxField, PointField, RomeDateTime
from catalog.listings.queries import Cursor
from catalog.validation import Length, OneOf, Range

OPENAPI_VERSION = "3.0.3"
EXTENSION = "distretto.openapi"
METHODS = ("get", "post", "put", "patch", "delete")

PUBLIC, SIGNED_IN, ADMIN = "public", "signed-in", "admin"
"""Who may call an operation (declared with `operation(access=...)` in api/restx.py)."""

BEARER, API_KEY = "bearerAuth", "apiKey"
SECURITY_SCHEMES = {
    BEARER: {
        "type": "http",
        "scheme": "bearer",
        "description": "A token from POST /auth/token (tourism offices and admins), sent as "
        "`Authorization: Bearer <token>`. A token that is unknown, expired or revoked is a "
        "401, never anonymous.",
    },
    API_KEY: {
        "type": "apiKey",
        "in": "header",
        "name": API_KEY_HEADER,
        "description": "A partner key issued by an administrator (POST /api-keys): its own "
        "rate limit for public reads. An unknown or revoked key is a 401.",
    },
}
SECURITY = {
    PUBLIC: [{}, {API_KEY: []}, {BEARER: []}],
    SIGNED_IN: [{BEARER: []}],
    ADMIN: [{BEARER: []}],
}
ACCESS_NOTES = {
    PUBLIC: "Public: anonymous within the fair-use limit, or with an API key (its own limit); "
    "a signed-in editor may also see what the public cannot.",
    SIGNED_IN: "Needs a bearer token (any signed-in account): 401 without one.",
    ADMIN: "Needs the bearer token of an administrator: 401 without one, 403 for an editor.",
}

# --- examples ------------------------------------------------------------------------------

EXAMPLE_CURSOR = Cursor(datetime(2015, 6, 1, tzinfo=UTC), 1).encode()
EXAMPLES: dict[str, object] = {
    # The common query parameters, by name; "name:FieldClass" where one name has two types.
    "lang": "de",
    "page": 1,
    "limit": 20,
    "theme": ["ceramics", "motor"],
    "themes": ["ceramics"],
    "kind": ["museum"],
    "municipality": ["maranello", "sassuolo"],
    "tag": ["ferrari"],
    "q": "ceramica",
    "near": "44.5297,10.8614",
    "radius_km": 15,
    "bbox": "10.70,44.45,10.95,44.60",
    "open_at": "2015-06-13T16:00",
    "open_now": True,
    "updated_since": "2015-06-01T00:00:00Z",
    "cursor": EXAMPLE_CURSOR,
    "fields": ["id", "name", "location"],
    "format": "json",
    "campaign": "expo-2015",
    "lang_strict": True,
    "status": ["published"],
    "sort": "-updated_at",
    "from": "2015-05-01",
    "to": "2015-10-31",
    "from:Time": "09:30",
    "to:Time": "18:00",
    "date": "2015-06-13",
    "since": "r0",
    "start": "44.5297,10.8614",
    "hub": "expo-2015",
}
PATH_EXAMPLES: dict[tuple[str, str], object] = {
    # (namespace, path parameter): a value the seeded catalogue has.
    ("listings", "key"): "museo-ferrari-maranello",
    ("listings", "lang"): "de",
    ("events", "slug"): "festa-della-beata-vergine-del-castello",
    ("packages", "slug"): "motor-valley-e-ceramica-in-un-giorno",
    ("municipalities", "slug"): "maranello",
    ("campaigns", "slug"): "expo-2015",
}
TYPE_EXAMPLES = (
    # The last resort, by field type (a subclass before its base).
    (fields.Boolean, True),
    (fields.Integer, 1),
    (fields.Float, 1.5),
    (fields.DateTime, "2015-06-13T10:00:00+02:00"),
    (fields.Date, "2015-06-13"),
    (fields.Time, "10:00"),
)
HEADER_EXAMPLES = {"If-Match": '"v3-it"', "If-None-Match": '"c67-5f1e0a3b9c2d4e6f"'}

# --- headers and problems --------------------------------------------------------------------

HEADERS = {
    "ETag": "The version of this representation. On a listing, event or package it names "
    'the entity\'s version and language ("v3-it"): send it in If-Match to change it. On '
    "other public reads it changes with every write to the catalogue: send it in "
    "If-None-Match for a bodiless 304 while nothing changed.",
    "Last-Modified": "When the catalogue last changed (public reads), for If-Modified-Since.",
    "Cache-Control": "public, max-age=60 on public reads; private for signed-in ones.",
    "Link": 'RFC 8288 paging links, e.g. <...&page=2>; rel="next" (also in the body\'s '
    "links; left out when longer than 8 KB).",
    "Location": "The new resource's URL.",
    "Content-Language": "The language of the texts (every language with lang=*).",
    "RateLimit-Limit": "Requests allowed per window for this client (an API key, an editor, "
    "or an address). Absent when rate limiting is off.",
    "RateLimit-Remaining": "Requests left in the current window.",
    "RateLimit-Reset": "When the current window resets, in seconds since the Unix epoch.",
    "Retry-After": "Seconds to wait before trying again (only on 429 and 503).",
    "WWW-Authenticate": 'Bearer realm="distretto": how to sign in.',
}
INTEGER_HEADERS = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Retry-After")
EVERY_RESPONSE = ("Content-Language", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")
PROBLEMS = {
    400: "Invalid request: a parameter, the query string or the body's syntax; `errors` names "
    "each parameter with its messages.",
    401: "No valid credentials: a bearer token or API key that is unknown, expired or "
    "revoked, or none where one is needed (or a wrong email or password when signing in).",
    403: "Signed in, but this account may not do this (another town, or not an admin).",
    404: "No such resource, or not one this caller may see.",
    406: "None of the media types in Accept is served here.",
    409: "A conflict: a slug or name already taken, or nothing to restore.",
    410: "The sync cursor is ahead of this feed: drop your copy and sync again without since.",
    412: "If-Match names another version (`current_version` says which) or none of ours.",
    413: "The body is too large.",
    414: "The query string is longer than 2048 bytes. A request line longer than the front "
    "server takes (gunicorn: 4094 bytes; a reverse proxy's own limit) is refused by that "
    "server before it reaches the API, with its own HTML page.",
    415: "The body is not application/json.",
    422: "The body is well-formed but not valid: `errors` names each field with its messages.",
    428: "If-Match is missing: send the ETag of the version you are changing (or *).",
    429: "Too many requests: wait Retry-After seconds.",
    500: "Something went wrong on our side; it has been logged.",
    503: "The catalogue is briefly unavailable (database away, busy or read-only); nothing "
    "was changed: retry after Retry-After seconds.",
}
PROBLEM_HEADERS = {401: ("WWW-Authenticate",), 429: ("Retry-After",), 503: ("Retry-After",)}

# --- representations beside JSON ----------------------------------------------------------

FEATURE = {
    "type": "object",
    "description": "A GeoJSON Feature (RFC 7946): the point of a listing or event, with the "
    "JSON representation (without location) as its properties; with fields= only those "
    "(and id, slug, links).",
    "required": ["type", "geometry", "properties"],
    "properties": {
        "type": {"type": "string", "enum": ["Feature"]},
        "id": {"type": "string", "description": "The slug."},
        "geometry": {
            "type": "object",
            "required": ["type", "coordinates"],
            "properties": {
                "type": {"type": "string", "enum": ["Point"]},
                "coordinates": {
                    "type": "array",
                    "description": "[longitude, latitude], WGS 84.",
                    "items": {"type": "number"},
                    "minItems": 2,
                    "maxItems": 2,
                },
            },
        },
        "properties": {"type": "object", "additionalProperties": True},
    },
}
FEATURE_COLLECTION = {
    "type": "object",
    "description": "A GeoJSON FeatureCollection (RFC 7946), one Feature per item; total, "
    "page, limit and links ride along as foreign members.",
    "required": ["type", "features"],
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {"type": "array", "items": {"$ref": "#/components/schemas/GeoJsonFeature"}},
    },
    "additionalProperties": True,
}
JSON_LD = {
    "type": "object",
    "description": "schema.org JSON-LD with an inline context (no remote fetch): a Museum, "
    "TouristAttraction, LodgingBusiness, Event, TouristTrip, ... node, whole (fields= does "
    "not apply). Text is escaped for embedding in <script type=application/ld+json>.",
    "required": ["@context", "@type"],
    "properties": {
        "@context": {
            "type": "object",
            "required": ["@vocab"],
            "properties": {
                "@vocab": {"type": "string", "enum": ["https://schema.org/"]},
                "@language": {"type": "string", "description": "The language of the texts."},
            },
        },
        "@type": {"type": "string", "description": "A schema.org type."},
        "@id": {"type": "string"},
    },
    "additionalProperties": True,
}
JSON_LD_LIST = {
    "description": "A schema.org ItemList in JSON-LD: one ListItem per item, in order.",
    "allOf": [
        {"$ref": "#/components/schemas/JsonLd"},
        {
            "type": "object",
            "required": ["itemListElement"],
            "properties": {
                "@type": {"type": "string", "enum": ["ItemList"]},
                "numberOfItems": {"type": "integer"},
                "itemListElement": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["@type", "position", "item"],
                        "properties": {
                            "@type": {"type": "string", "enum": ["ListItem"]},
                            "position": {"type": "integer", "minimum": 1},
                            "item": {"type": "object"},
                        },
                    },
                },
            },
        },
    ],
}
CSV = {
    "type": "string",
    "description": "Every match (not a page) as UTF-8 CSV with a header row, in one "
    "language, for spreadsheets (sent as an attachment).",
}
ICALENDAR = {
    "type": "string",
    "description": "An iCalendar (RFC 5545) VCALENDAR: one VEVENT per event with its RRULE, "
    "so calendar applications expand the repetitions themselves.",
}
FRONT_SERVER_PAGE = {
    "type": "string",
    "description": "The front server's own error page (gunicorn or a reverse proxy).",
}
SPARSE_ALWAYS = ("id", "slug", "links")
"""What a sparse item keeps whatever `fields=` asks (api/resources/listings.py `sparse`)."""


def operation_doc(view_function, method: str) -> dict:
    """What the decorators recorded for this method of a routed view ({} when it is not a
    restx resource)."""
    resource = getattr(view_function, "view_class", None)
    func = getattr(resource, method.lower(), None)
    doc = getattr(func, "__apidoc__", None)
    return doc if isinstance(doc, dict) else {}


def access_of(view_function, method: str) -> str:
    """Who may call it: what `operation(access=...)` or `documented_errors(access=...)`
    declared (PUBLIC by default)."""
    return operation_doc(view_function, method).get("access", PUBLIC)


def openapi_document(api: Api) -> dict:
    """The document, built once per application (the routes do not change once registered)."""
    cached = current_app.extensions.get(EXTENSION)
    if cached is None:
        cached = current_app.extensions[EXTENSION] = OpenApiBuilder(api).build()
    return copy.deepcopy(cached)


class OpenApiBuilder:
    def __init__(self, api: Api) -> None:
        self.api = api
        self.plugin = MarshmallowPlugin(schema_name_resolver=schema_name)
        self.spec = APISpec(
            title=api.title,
            version=api.version,
            openapi_version=OPENAPI_VERSION,
            plugins=[self.plugin],
            info={"description": _info_description(api.description)},
            servers=[{"url": api.blueprint.url_prefix, "description": "This server"}],
        )
        for field_class in (PointField, BoxField, RomeDateTime):
            self.plugin.map_to_openapi_type(field_class, "string", None)
        self.swagger = Swagger(api)
        self.statuses: set[int] = set()
        self.sparse: dict[str, str] = {}
        self.patches: set[str] = set()

    # -- the walk ------------------------------------------------------------------------

    def build(self) -> dict:
        components = self.spec.components
        for name, scheme in SECURITY_SCHEMES.items():
            components.security_scheme(name, scheme)
        self._schema(ProblemSchema)
        components.schema("GeoJsonFeature", FEATURE)
        components.schema("GeoJsonFeatureCollection", FEATURE_COLLECTION)
        components.schema("JsonLd", JSON_LD)
        components.schema("JsonLdItemList", JSON_LD_LIST)
        for name, description in HEADERS.items():
            kind = "integer" if name in INTEGER_HEADERS else "string"
            components.header(name, {"description": description, "schema": {"type": kind}})
        for name in ("If-Match", "If-None-Match"):
            components.parameter(name, "header", _conditional_parameter(name))
        tags = []
        for ns in self.api.namespaces:
            if ns.resources:
                tags.append({"name": ns.name, "description": ns.description or ns.name})
            for resource, urls, route_doc, kwargs in ns.resources:
                for url in self.api.ns_urls(ns, urls):
                    self._path(ns, resource, url, route_doc, kwargs)
        for status in sorted(self.statuses):
            components.response(_problem_name(status), _problem_response(status))
        document = self.spec.to_dict()
        document["tags"] = tags
        self._add_sparse_schemas(document["components"]["schemas"])
        for name in sorted(self.patches):
            _add_patch_schema(name, document["components"]["schemas"])
        return document

    def _path(self, ns, resource, url: str, route_doc, kwargs) -> None:
        doc = self.swagger.extract_resource_doc(resource, url, route_doc=route_doc)
        if doc is False:
            return
        allowed = [m.lower() for m in kwargs.get("methods", [])]
        operations = {}
        for method in (m.lower() for m in resource.methods or ()):
            if method not in METHODS or doc[method] is False or (allowed and method not in allowed):
                continue
            operations[method] = self._operation(ns, doc, method, url)
        self.spec.path(
            path=extract_path(url),
            operations=operations,
            parameters=self._path_parameters(ns, url, doc),
        )

    def _operation(self, ns, doc: dict, method: str, url: str) -> dict:
        method_doc = doc[method]
        access = method_doc.get("access", PUBLIC)
        statuses = {int(code): response for code, response in method_doc["responses"].items()}
        conditional_read = method == "get" and access == PUBLIC and _cacheable(ns)
        if_match = 428 in statuses
        description = self.swagger.description_for(doc, method)
        operation = {
            "tags": [ns.name],
            "summary": method_doc["docstring"]["summary"],
            "description": "\n\n".join(
                part for part in (description, ACCESS_NOTES[access]) if part
            ),
            "operationId": self.swagger.operation_id_for(doc, method),
            "security": SECURITY[access],
            "responses": {},
        }
        if access != PUBLIC:
            operation["x-access"] = access
        query_schema = method_doc.get("query_schema")
        parameters = self._query_parameters(query_schema) if query_schema else []
        if if_match:
            parameters.append("If-Match")  # apispec makes names into $refs
        if conditional_read:
            parameters.append("If-None-Match")
        if parameters:
            operation["parameters"] = parameters
        body = self._request_body(method_doc, method)
        if body:
            operation["requestBody"] = body
        formats = _formats(query_schema)
        sparse = query_schema is not None and "fields" in _query_fields(query_schema)
        headers = set(method_doc.get("response_headers", ()))
        if conditional_read:
            headers |= {"ETag", "Last-Modified", "Cache-Control"}
        if if_match:
            headers.add("ETag")
        for status, response in sorted(statuses.items()):
            description, model = response[0], response[1]
            if status >= 400:
                self.statuses.add(status)
                operation["responses"][str(status)] = {"$ref": _problem_ref(status)}
                continue
            schema_class = self._schema_class(model) if model is not None else None
            operation["responses"][str(status)] = self._success(
                status, description, schema_class, formats, sparse, headers
            )
        if conditional_read:
            operation["responses"]["304"] = {
                "description": "Not modified: If-None-Match names the current ETag (or "
                "If-Modified-Since is not older than the last change). No body.",
                "headers": _header_refs(("ETag", "Cache-Control", *EVERY_RESPONSE)),
            }
        return operation

    def _success(self, status, description, schema_class, formats, sparse, headers) -> dict:
        names = set(headers)
        response: dict = {"description": description}
        if status == 204 or schema_class is None:
            response["headers"] = _header_refs(EVERY_RESPONSE)
            return response
        page = issubclass(schema_class, PageSchema)
        if page:
            names.add("Link")
        if status == 201 and "Location" in names:
            response["description"] += " (Location names it)"
        name = self._schema(schema_class)
        if sparse:
            name = self._sparse(name)
            response["description"] += (
                "; with fields= each item has only the fields asked for, plus "
                + ", ".join(SPARSE_ALWAYS)
            )
        content = {"application/json": {"schema": _ref(name)}}
        for output in formats:
            if output == "json":
                continue
            content[MEDIA_TYPES[output]] = {"schema": _representation(output, page)}
        response["content"] = content
        response["headers"] = _header_refs((*sorted(names), *EVERY_RESPONSE))
        return response

    # -- parameters and bodies ------------------------------------------------------------

    def _query_parameters(self, schema_class: type[Schema]) -> list[dict]:
        by_name = _query_fields(schema_class)
        parameters = self.plugin.converter.schema2parameters(schema_class, location="query")
        for parameter in parameters:
            field = by_name[parameter["name"]]
            parameter["schema"].pop("writeOnly", None)  # load_only: every parameter is input
            parameter["example"] = example_for(parameter["name"], field)
            if not parameter.get("description"):
                parameter["description"] = parameter["name"]
        return parameters

    def _path_parameters(self, ns, url: str, doc: dict) -> list[dict]:
        described = doc.get("params", {})
        parameters = []
        for converter, arguments, name in parse_rule(url):
            if not converter:
                continue
            schema = _converter_schema(converter, arguments)
            example = PATH_EXAMPLES.get((ns.name, name), 1 if schema["type"] == "integer" else None)
            parameters.append(
                {
                    "name": name,
                    "in": "path",
                    "required": True,
                    "description": described.get(name, {}).get("description") or name,
                    "schema": schema,
                    "example": example,
                }
            )
        return parameters

    def _request_body(self, method_doc: dict, method: str) -> dict | None:
        for expected in method_doc.get("expect", ()):
            model, description = expected if isinstance(expected, tuple) else (expected, "")
            name = self._schema(self._schema_class(model))
            media_types = ["application/json"]
            if method == "patch":
                media_types.append("application/merge-patch+json")
                self.patches.add(name)
                name = _patch_name(name)
                description = (
                    f"{description}: objects merge member by member, null removes a member, "
                    f"arrays and other values replace; the result must be a valid {_ref_name(name)}"
                    " (422 otherwise)."
                )
            return {
                "description": description or name,
                "required": True,
                "content": {media: {"schema": _ref(name)} for media in media_types},
            }
        return None

    # -- schemas ---------------------------------------------------------------------------

    def _schema_class(self, model) -> type[Schema]:
        from api.restx import docs

        return docs.classes[model.name]

    def _schema(self, schema_class: type[Schema]) -> str:
        name = schema_name(schema_class)
        if name not in self.spec.components.schemas:
            self.spec.components.schema(name, schema=schema_class)
        return name

    def _sparse(self, name: str) -> str:
        """The name of the `fields=` variant of a schema (or of its page's items)."""
        self.sparse.setdefault(name, f"Sparse{name}")
        return self.sparse[name]

    def _add_sparse_schemas(self, schemas: dict) -> None:
        for name, sparse_name in self.sparse.items():
            schema = copy.deepcopy(schemas[name])
            items = schema.get("properties", {}).get("items", {}).get("items", {})
            if "$ref" in items:
                item_name = items["$ref"].rsplit("/", 1)[1]
                schemas[f"Sparse{item_name}"] = _without_required(schemas[item_name])
                items["$ref"] = f"#/components/schemas/Sparse{item_name}"
                schema["description"] = f"{name}, with sparse items (fields=)."
            else:
                schema = _without_required(schema)
            schemas[sparse_name] = schema


# --- helpers --------------------------------------------------------------------------------


def _patch_name(name: str) -> str:
    return f"{name.removesuffix('Write')}Patch"


def _ref_name(patch_name: str) -> str:
    return patch_name.removesuffix("Patch") + "Write"


def _add_patch_schema(name: str, schemas: dict) -> str:
    """A JSON merge patch (RFC 7396) of `name` as a component: every member optional and
    nullable (null removes it), objects (and maps of objects) partial in turn, since they
    merge; arrays whole, since they replace."""
    patch_name = _patch_name(name)
    if patch_name not in schemas:
        schemas[patch_name] = {}  # reserved: a schema that nests itself refers to it
        schemas[patch_name] = _patch_object(schemas[name], schemas)
    return patch_name


def _patch_object(schema: dict, schemas: dict) -> dict:
    patch = {key: value for key, value in schema.items() if key != "required"}
    if "properties" in patch:
        patch["properties"] = {
            member: _nullable(_patch_value(_without_default(value), schemas))
            for member, value in patch["properties"].items()
        }
    if isinstance(patch.get("additionalProperties"), dict):
        patch["additionalProperties"] = _patch_value(patch["additionalProperties"], schemas)
    return patch


def _patch_value(schema: dict, schemas: dict) -> dict:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        if "properties" in schemas[name]:
            return _ref(_add_patch_schema(name, schemas))
        return schema
    if schema.get("type") == "object":
        return _patch_object(schema, schemas)
    for combinator in ("anyOf", "oneOf"):
        if combinator in schema:
            branches = [_patch_value(branch, schemas) for branch in schema[combinator]]
            return {**schema, combinator: branches}
    return schema


def _without_default(schema: dict) -> dict:
    """A member left out of a patch stays as it is: no default applies."""
    return {key: value for key, value in schema.items() if key != "default"}


def _nullable(schema: dict) -> dict:
    """OpenAPI 3.0 spelling of "or null" (null removes the member)."""
    if "$ref" in schema:
        return {"allOf": [schema], "nullable": True}
    nullable = {**schema, "nullable": True}
    if "enum" in nullable and None not in nullable["enum"]:
        nullable["enum"] = [*nullable["enum"], None]
    return nullable


def example_for(name: str, field: fields.Field) -> object:
    """A parameter's example: the field's own metadata, the table of common parameters, the
    first value a validator allows, or one of the field's type."""
    if "example" in field.metadata:
        return field.metadata["example"]
    typed = f"{name}:{type(field).__name__}"
    if typed in EXAMPLES:
        return EXAMPLES[typed]
    if name in EXAMPLES:
        return EXAMPLES[name]
    inner = field.inner if isinstance(field, fields.List) else field
    value = _validator_example(inner)
    if value is None:
        value = next((v for cls, v in TYPE_EXAMPLES if isinstance(inner, cls)), "example")
    return [value] if isinstance(field, fields.List) else value


def _validator_example(field: fields.Field) -> object:
    for validator in field.validators:
        if isinstance(validator, OneOf):
            return next(iter(validator.choices))
        if isinstance(validator, Range) and validator.min is not None:
            return validator.min
        if isinstance(validator, Length) and validator.min:
            return "x" * validator.min
    return None


def _query_fields(schema_class: type[Schema]) -> dict[str, fields.Field]:
    schema = schema_class()
    return {
        field.data_key or name: field
        for name, field in schema.fields.items()
        if not field.dump_only
    }


def _formats(schema_class: type[Schema] | None) -> tuple[str, ...]:
    """What an operation serves: the choices of its `format` parameter (JSON otherwise)."""
    if schema_class is None:
        return ("json",)
    field = _query_fields(schema_class).get("format")
    if field is None:
        return ("json",)
    for validator in field.validators:
        if isinstance(validator, OneOf):
            return tuple(validator.choices)
    return ("json",)


def _representation(output: str, page: bool) -> dict:
    if output == "jsonld":
        return _ref("JsonLdItemList" if page else "JsonLd")
    if output == "geojson":
        return _ref("GeoJsonFeatureCollection" if page else "GeoJsonFeature")
    if output == "csv":
        return CSV
    if output == "ical":
        return ICALENDAR
    raise ValueError(f"no schema for the representation {output}")


def _cacheable(ns) -> bool:
    from api.caching import UNCACHED_PREFIXES

    return not f"api.{ns.name}_".startswith(UNCACHED_PREFIXES)


def _converter_schema(converter: str, arguments: str | None) -> dict:
    if converter != "int":
        return {"type": "string"}
    schema = {"type": "integer", "minimum": 0}
    for argument in (arguments or "").split(","):
        key, _, value = argument.partition("=")
        if key.strip() == "max":
            schema["maximum"] = int(value)
        elif key.strip() == "min":
            schema["minimum"] = int(value)
    return schema


def _conditional_parameter(name: str) -> dict:
    if name == "If-Match":
        description = (
            'The ETag of the version you read ("v3-it"), or * to overwrite whatever is '
            "there. A stale one is a 412 with current_version and changes nothing; without "
            "it, 428."
        )
        return {
            "description": description,
            "required": True,
            "schema": {"type": "string"},
            "example": HEADER_EXAMPLES[name],
        }
    return {
        "description": "The ETag of the representation you hold: while it is current the "
        "answer is a bodiless 304 (public reads).",
        "required": False,
        "schema": {"type": "string"},
        "example": HEADER_EXAMPLES[name],
    }


def _problem_name(status: int) -> str:
    return re.sub(r"\W", "", HTTPStatus(status).phrase.title())


def _problem_ref(status: int) -> str:
    return f"#/components/responses/{_problem_name(status)}"


def _problem_response(status: int) -> dict:
    headers = (*PROBLEM_HEADERS.get(status, ()), *EVERY_RESPONSE)
    content = {"application/problem+json": {"schema": _ref(schema_name(ProblemSchema))}}
    if status == 414:
        content["text/html"] = {"schema": FRONT_SERVER_PAGE}
    return {
        "description": f"{PROBLEMS.get(status, HTTPStatus(status).phrase)} "
        "(RFC 9457 problem details; title and detail in the response language)",
        "content": content,
        "headers": _header_refs(headers),
    }


def _header_refs(names) -> dict:
    return {name: {"$ref": f"#/components/headers/{name}"} for name in dict.fromkeys(names)}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _without_required(schema: dict) -> dict:
    sparse = copy.deepcopy(schema)
    required = [name for name in sparse.pop("required", []) if name in SPARSE_ALWAYS]
    if required:
        sparse["required"] = required
    sparse["description"] = (
        "With fields=: only the fields asked for, plus " + ", ".join(SPARSE_ALWAYS) + "."
    )
    return sparse


def _info_description(description: str) -> str:
    return (
        f"{description}\n\n"
        "Sign in with POST /auth/token and use the token as a bearer token (Authorize: "
        "bearerAuth); partners send their key as X-API-Key (Authorize: apiKey). "
        "Representations: JSON by default; JSON-LD, GeoJSON, CSV or iCalendar where an "
        "operation's format parameter offers them (or by Accept). This document is "
        "generated from the marshmallow schemas that validate and serialise; the Swagger "
        "2.0 document is at swagger.json."
    )
