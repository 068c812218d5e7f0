"""The published document is complete: every route documented, summarised, described."""

import re

import pytest

METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def swagger(client):
    response = client.get("/api/v1/swagger.json")
    assert response.status_code == 200
    return response.get_json()


def test_swagger_ui_is_served(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert "swagger" in response.get_data(as_text=True).lower()


def test_every_api_route_is_in_the_document(app, swagger):
    documented = {f"/api/v1{path}".rstrip("/") for path in swagger["paths"]}
    routes = {
        re.sub(r"<(\w+(\([^)]*\))?:)?(\w+)>", r"{\3}", rule.rule).rstrip("/")
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
        and rule.endpoint not in {"api.specs", "api.openapi", "api.doc", "api.root"}
    }
    assert routes and routes == documented


def test_every_operation_has_a_summary_and_every_parameter_a_description(swagger):
    operations = [
        (path, method, op)
        for path, item in swagger["paths"].items()
        for method, op in item.items()
        if method in METHODS
    ]
    assert len(operations) >= 6
    for path, method, op in operations:
        assert op.get("summary"), (path, method)
        params = op.get("parameters", []) + swagger["paths"][path].get("parameters", [])
        for param in params:
            assert param.get("description"), (path, method, param["name"])


def test_responses_are_described_by_the_marshmallow_schemas(swagger):
    from api.schemas.listings import ListingSchema

    listing = swagger["definitions"]["Listing"]
    assert set(listing["properties"]) == set(ListingSchema().fields)
    get_list = swagger["paths"]["/listings"]["get"]
    assert get_list["responses"]["200"]["schema"] == {"$ref": "#/definitions/ListingPage"}
    assert get_list["responses"]["400"]["schema"] == {"$ref": "#/definitions/Problem"}
    for definition in swagger["definitions"].values():
        text = str(definition)
        for name in text.split("#/definitions/")[1:]:
            assert name.split("'")[0] in swagger["definitions"]


def test_query_parameters_come_from_the_query_schema(swagger):
    params = {p["name"]: p for p in swagger["paths"]["/listings"]["get"]["parameters"]}
    assert {"theme", "kind", "municipality", "tag", "page", "limit", "sort", "lang"} <= set(params)
    assert params["theme"]["type"] == "array"
    assert set(params["theme"]["items"]["enum"]) == {
        "ceramics",
        "motor",
        "food_and_wine",
        "heritage",
        "nature",
        "hospitality",
    }


def test_the_document_is_valid_swagger_2(swagger):
    from openapi_spec_validator import validate
    from openapi_spec_validator.validation.validators import OpenAPIV2SpecValidator

    validate(swagger, cls=OpenAPIV2SpecValidator)


def test_security_md_names_only_tests_that_exist():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    text = (root / "SECURITY.md").read_text(encoding="utf-8")
    references = set(re.findall(r"tests/([\w/]+\.py)(?:::(\w+))?", text))
    assert len(references) >= 15
    for filename, name in references:
        source = (root / "tests" / filename).read_text(encoding="utf-8")
        assert not name or f"def {name}(" in source, f"{filename}::{name}"
    assert all(f"API{n} " in text for n in range(1, 11))


def test_every_setting_is_in_the_readme():
    """A setting nobody can find is a setting nobody can use (datasette's docs-as-tests)."""
    from pathlib import Path

    from api import config

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    names = [name for name in config.from_environment() if name.startswith("DISTRETTO_")]
    assert len(names) >= 10
    assert [name for name in names if f"`{name}`" not in readme] == []
