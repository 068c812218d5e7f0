"""The OpenAPI 3 document (/api/v1/openapi.json): valid, complete, and true to the API.

Every check walks the document itself (and swagger.json), never a hand-kept list of
operations: a new endpoint is covered the day it is routed.
"""

import json
import re

import pytest
from openapi_schema_validator import OAS30Validator

METHODS = ("get", "post", "put", "patch", "delete")
PROBLEM = "application/problem+json"


@pytest.fixture
def document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()


def _operations(document):
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def _resolve(document, node):
    while isinstance(node, dict) and "$ref" in node:
        target = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _parameters(document, path, operation):
    listed = [*document["paths"][path].get("parameters", []), *operation.get("parameters", [])]
    return [_resolve(document, parameter) for parameter in listed]


def _url(document, path, operation, query_names=()):
    """The operation's URL from the document's own examples: path parameters, the required
    query parameters and those named."""
    parameters = _parameters(document, path, operation)
    values = {p["name"]: p["example"] for p in parameters if p["in"] == "path"}
    url = "/api/v1" + re.sub(r"{(\w+)}", lambda match: str(values[match.group(1)]), path)
    query = {
        p["name"]: p["example"]
        for p in parameters
        if p["in"] == "query" and (p.get("required") or p["name"] in query_names)
    }
    return url, query


def _is_public(operation) -> bool:
    return {} in operation["security"]


def _validator(document, schema):
    """A validator for one schema of the document, its $refs resolved within it."""
    return OAS30Validator({**schema, "components": document["components"]})


# --- the document ----------------------------------------------------------------------------


def test_the_document_is_valid_openapi_3(document):
    from openapi_spec_validator import validate
    from openapi_spec_validator.validation.validators import OpenAPIV30SpecValidator

    assert document["openapi"].startswith("3.0")
    validate(document, cls=OpenAPIV30SpecValidator)


def test_every_operation_of_swagger_2_is_in_openapi_3(client, document):
    swagger = client.get("/api/v1/swagger.json").get_json()
    two = {
        (path, method, op["operationId"])
        for path, item in swagger["paths"].items()
        for method, op in item.items()
        if method in METHODS
    }
    three = {(path, method, op["operationId"]) for path, method, op in _operations(document)}
    assert len(two) >= 50 and two == three


def test_every_operation_has_a_summary_and_a_description(document):
    from api.openapi import ACCESS_NOTES

    for path, method, operation in _operations(document):
        assert operation.get("summary"), (method, path)
        own = operation.get("description", "").split("\n\n")[0]
        assert own and own not in ACCESS_NOTES.values(), (method, path)


def test_every_parameter_has_a_description_and_an_example(document):
    seen = 0
    for path, method, operation in _operations(document):
        for parameter in _parameters(document, path, operation):
            name = f"{method} {path} {parameter['name']}"
            assert parameter.get("description"), name
            assert parameter.get("example") is not None, name
            errors = list(
                _validator(document, parameter["schema"]).iter_errors(parameter["example"])
            )
            assert errors == [], name
            seen += 1
    assert seen >= 150


def test_every_error_is_a_shared_problem_response(document):
    problem = document["components"]["schemas"]["Problem"]
    assert {"type", "title", "status"} <= set(problem["required"])
    for path, method, operation in _operations(document):
        for status, response in operation["responses"].items():
            if int(status) < 400:
                continue
            assert response["$ref"].startswith("#/components/responses/"), (method, path, status)
            content = _resolve(document, response)["content"]
            assert content[PROBLEM] == {"schema": {"$ref": "#/components/schemas/Problem"}}
            # Only an over-long request line meets the front server's own page (gunicorn).
            assert set(content) - {PROBLEM} <= ({"text/html"} if status == "414" else set())


def test_each_operation_documents_the_media_types_its_format_parameter_offers(document):
    from api.representations import MEDIA_TYPES

    offered = 0
    for path, method, operation in _operations(document):
        formats = next(
            (
                p["schema"]["enum"]
                for p in operation.get("parameters", [])
                if p.get("name") == "format"
            ),
            ["json"],
        )
        success = next(r for s, r in operation["responses"].items() if s.startswith("2"))
        if "content" not in success:
            assert formats == ["json"], (method, path)  # 204: no body
            continue
        assert set(success["content"]) == {MEDIA_TYPES[name] for name in formats}, (method, path)
        offered += len(formats) > 1
    assert offered >= 6


# --- what the document says is what the API does -------------------------------------------


def test_public_operations_answer_anonymous_callers(client, document):
    """With the document's own examples: the required parameters, and where they are not
    enough (start or hub), one optional parameter's example more."""
    checked = 0
    for path, method, operation in _operations(document):
        if not _is_public(operation) or method != "get":
            continue
        url, query = _url(document, path, operation)
        response = client.get(url, query_string=query)
        optional = [p["name"] for p in operation.get("parameters", []) if "name" in p]
        for name in optional:
            if response.status_code != 400:
                break
            response = client.get(url, query_string=_url(document, path, operation, (name,))[1])
        assert response.status_code == 200, (path, response.get_json())
        checked += 1
    assert checked >= 14


def test_operations_documented_with_a_bearer_token_refuse_anonymous_callers(client, document):
    checked = 0
    for path, method, operation in _operations(document):
        if _is_public(operation):
            # A public write (signing in) answers on its merits, never for lack of a token.
            if method != "get":
                url, _ = _url(document, path, operation)
                response = client.open(url, method=method.upper(), json={})
                assert response.status_code not in (401, 403), (method, path)
            continue
        assert operation["security"] == [{"bearerAuth": []}], (method, path)
        url, query = _url(document, path, operation)
        response = client.open(url, method=method.upper(), query_string=query, json={})
        assert response.status_code == 401, (method, path, response.status_code)
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        checked += 1
    assert checked >= 35


def test_admin_operations_refuse_editors(client, document, tokens):
    admin_only = [
        (path, method, operation)
        for path, method, operation in _operations(document)
        if operation.get("x-access") == "admin"
    ]
    assert len(admin_only) >= 8
    for path, method, operation in admin_only:
        url, query = _url(document, path, operation)
        response = client.open(
            url, method=method.upper(), query_string=query, json={}, headers=tokens["maranello"]
        )
        assert response.status_code == 403, (method, path, response.status_code)


def test_security_schemes_are_the_bearer_token_and_the_api_key(document):
    from api.ratelimit import API_KEY_HEADER

    schemes = document["components"]["securitySchemes"]
    assert schemes["bearerAuth"] == {**schemes["bearerAuth"], "type": "http", "scheme": "bearer"}
    assert schemes["apiKey"]["in"] == "header" and schemes["apiKey"]["name"] == API_KEY_HEADER


def test_the_documented_response_headers_are_the_ones_sent(app, client, document, tokens):
    headers = document["components"]["headers"]
    for setting in (
        "RATELIMIT_HEADER_LIMIT",
        "RATELIMIT_HEADER_REMAINING",
        "RATELIMIT_HEADER_RESET",
    ):
        assert app.config[setting] in headers
    assert {"ETag", "Link", "Retry-After", "Location", "Last-Modified"} <= set(headers)
    for name in ("TooManyRequests", "ServiceUnavailable"):
        assert "Retry-After" in document["components"]["responses"][name]["headers"]
    listings = document["paths"]["/listings"]["get"]["responses"]["200"]["headers"]
    response = client.get("/api/v1/listings?limit=1")
    for name in ("ETag", "Link", "Last-Modified"):
        assert name in listings and name in response.headers


def test_writes_take_if_match_and_public_reads_if_none_match(document):
    for path, method, operation in _operations(document):
        names = {p["name"] for p in _parameters(document, path, operation) if p["in"] == "header"}
        assert ("If-Match" in names) == ("428" in operation["responses"]), (method, path)
        conditional = "304" in operation["responses"]
        assert ("If-None-Match" in names) == conditional, (method, path)
        assert not conditional or (method == "get" and _is_public(operation)), (method, path)
    if_match = _resolve(document, {"$ref": "#/components/parameters/If-Match"})
    assert if_match["required"] is True


def test_a_sparse_fieldset_conforms_to_the_documented_200(client, document):
    """Where fields= is accepted, the 200 JSON item requires only what a sparse item keeps."""
    sparse = 0
    for path, _method, operation in _operations(document):
        names = {p.get("name") for p in operation.get("parameters", [])}
        if "fields" not in names:
            continue
        url, _ = _url(document, path, operation)
        response = client.get(url, query_string={"fields": "name", "limit": 2})
        if "limit" not in names:
            response = client.get(url, query_string={"fields": "name"})
        assert response.status_code == 200
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        body = response.get_json()
        assert list(_validator(document, schema).iter_errors(body)) == [], path
        item = body["items"][0] if "items" in body else body
        assert set(item) == {"id", "slug", "name", "links"}
        sparse += 1
    assert sparse == 2


def test_a_patch_body_is_a_merge_patch(client, document, tokens):
    """PATCH takes a JSON merge patch: any member alone, null to remove one, never a default;
    a partial body the document accepts, the API accepts."""
    patches = 0
    for path, method, operation in _operations(document):
        if method != "patch":
            continue
        content = operation["requestBody"]["content"]
        assert set(content) == {"application/json", "application/merge-patch+json"}
        schema = _resolve(document, content["application/json"]["schema"])
        assert "required" not in schema and "default" not in str(schema), path
        assert all(member.get("nullable") for member in schema["properties"].values()), path
        patches += 1
    assert patches == 3
    operation = document["paths"]["/listings/{key}"]["patch"]
    body = {"tags": ["ferrari", "museum"], "contacts": {"phone": None}}
    schema = operation["requestBody"]["content"]["application/merge-patch+json"]["schema"]
    assert list(_validator(document, schema).iter_errors(body)) == []
    url, _ = _url(document, "/listings/{key}", operation)
    headers = {**tokens["maranello"], "If-Match": client.get(url).headers["ETag"]}
    response = client.patch(
        url, data=json.dumps(body), content_type="application/merge-patch+json", headers=headers
    )
    assert response.status_code == 200, response.get_json()
    changed = response.get_json()
    assert changed["tags"] == ["ferrari", "museum"] and "phone" not in changed["contacts"]
    assert changed["contacts"]  # the other contacts merged, not replaced


def test_every_representation_conforms_to_its_documented_schema(client, document):
    """format= for each media type an operation documents, validated against that schema."""
    from api.representations import MEDIA_TYPES

    checked = 0
    for path, method, operation in _operations(document):
        if method != "get" or not _is_public(operation):
            continue
        formats = next(
            (
                p["schema"]["enum"]
                for p in operation.get("parameters", [])
                if p.get("name") == "format"
            ),
            [],
        )
        for name in formats:
            url, query = _url(document, path, operation, ("start",) if "plan" in path else ())
            response = client.get(url, query_string={**query, "format": name})
            assert response.status_code == 200, (path, name)
            media_type = MEDIA_TYPES[name]
            assert response.mimetype == media_type
            schema = operation["responses"]["200"]["content"][media_type]["schema"]
            body = (
                response.get_json(force=True) if "json" in media_type else response.get_data(True)
            )
            assert list(_validator(document, schema).iter_errors(body)) == [], (path, name)
            checked += 1
    assert checked >= 15


def test_swagger_ui_reads_the_openapi_3_document(client):
    page = client.get("/api/v1/docs").get_data(as_text=True)
    assert 'url: "/api/v1/openapi.json"' in page
    assert client.get("/api/v1/").get_json()["links"]["openapi"].endswith("/api/v1/openapi.json")


# --- what the contract fuzzing found --------------------------------------------------------


@pytest.mark.parametrize("output", ["jsonld", "geojson"])
def test_a_sparse_fieldset_in_json_ld_or_geojson_is_not_a_500(client, output):
    listing = client.get(f"/api/v1/listings/museo-ferrari-maranello?fields=name&format={output}")
    page = client.get(f"/api/v1/listings?fields=name&format={output}&limit=2")
    assert listing.status_code == 200 and page.status_code == 200
    if output == "geojson":
        feature = listing.get_json()
        assert feature["geometry"]["type"] == "Point"
        assert set(feature["properties"]) == {
            "id",
            "slug",
            "name",
            "links",
            "address",
            "approximate",
        }


def test_if_none_match_star_never_hides_a_bad_request(client):
    """Failures take precedence over preconditions: an invalid query is a 400, not a 304."""
    star = {"If-None-Match": "*"}
    assert client.get("/api/v1/listings?limit=-1", headers=star).status_code == 400
    assert (
        client.get("/api/v1/listings/museo-ferrari-maranello?fields=x", headers=star).status_code
        == 400
    )
    assert client.get("/api/v1/listings?limit=1", headers=star).status_code == 304


def test_a_read_that_needs_a_token_is_never_a_304_to_anonymous_callers(client):
    star = {"If-None-Match": "*"}
    response = client.get("/api/v1/listings/museo-ferrari-maranello/revisions", headers=star)
    assert response.status_code == 401


def test_a_plan_on_a_day_before_1900_is_a_400_not_an_invalid_date_time(client):
    """Europe/Rome before 1893 is local mean time: arrival 0815-10-17T11:07:00+00:49:56 is
    not an RFC 3339 date-time, so the 200 does not conform to the document."""
    response = client.get("/api/v1/itineraries/plan?date=0815-10-17&hub=expo-2015")
    assert response.status_code == 400


def test_a_plan_window_with_an_offset_is_a_400_not_a_500(client):
    response = client.get("/api/v1/itineraries/plan?date=2015-06-13&hub=expo-2015&from=09:00Z")
    assert response.status_code == 400
