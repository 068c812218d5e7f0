"""The published Swagger document, generated from the marshmallow schemas.

apispec's marshmallow converter turns each schema into JSON Schema; flask-restx publishes it
through `Api.add_model`. No second, hand-kept set of restx models exists.
"""

import json

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask_restx import Api
from flask_restx.model import SchemaModel
from marshmallow import Schema


def schema_name(schema) -> str:
    cls = schema if isinstance(schema, type) else type(schema)
    name = cls.__name__
    return name.removesuffix("Schema") or name


class RefModel(SchemaModel):
    """A JSON-schema model whose `$ref`s point at other models, published alongside it."""

    @property
    def __schema__(self):
        return self._schema


class SchemaDocs:
    def __init__(self, api: Api) -> None:
        self.api = api
        self.plugin = MarshmallowPlugin(schema_name_resolver=schema_name)
        self.spec = APISpec("Distretto", "1", "2.0", plugins=[self.plugin])
        self.classes: dict[str, type[Schema]] = {}
        """Model name -> the schema class it was made from (for the OpenAPI 3 document)."""

    def model(self, schema_class: type[Schema]) -> RefModel:
        """The restx model for a schema, registering it and every schema it nests."""
        name = schema_name(schema_class)
        self.classes.setdefault(name, schema_class)
        if name not in self.spec.components.schemas:
            self.spec.components.schema(name, schema=schema_class)
        self._publish()
        return self.api.models[name]

    def query_params(self, schema_class: type[Schema]) -> dict[str, dict]:
        """restx `params` documentation for a query-string schema."""
        converter = self.plugin.converter
        params = converter.schema2parameters(schema_class, location="query")
        return {param.pop("name"): param for param in params}

    def _publish(self) -> None:
        definitions = self.spec.to_dict().get("definitions", {})
        for name, schema in definitions.items():
            if name not in self.api.models:
                self.api.add_model(name, RefModel(name, schema))
        for name, schema in definitions.items():
            model = self.api.models[name]
            model.__parents__ = [self.api.models[dep] for dep in _refs(schema)]


def _refs(schema: dict) -> list[str]:
    text = json.dumps(schema)
    prefix = '"#/definitions/'
    names = []
    for chunk in text.split(prefix)[1:]:
        name = chunk.split('"', 1)[0]
        if name not in names:
            names.append(name)
    return names
