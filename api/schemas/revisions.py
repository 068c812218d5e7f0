"""The history of a listing."""

from marshmallow import Schema, fields


class RevisionSchema(Schema):
    number = fields.Integer(required=True, metadata={"description": "1 for the first write."})
    action = fields.String(
        required=True,
        metadata={
            "description": "create, update, translate, publish, unpublish, delete, restore, "
            "revert:<n>, seed"
        },
    )
    author = fields.String(required=True, metadata={"description": "Who wrote it."})
    created_at = fields.DateTime(required=True)
    changes = fields.Dict(
        keys=fields.String(),
        values=fields.Raw(),
        required=True,
        metadata={"description": '{"field": [old, new]}; texts as "translations.de.name".'},
    )


class RevisionDetailSchema(RevisionSchema):
    snapshot = fields.Dict(
        required=True, metadata={"description": "The whole editable state after this revision."}
    )


class RevisionListSchema(Schema):
    items = fields.List(fields.Nested(RevisionSchema), required=True)
