"""What editors send, for every kind: the write representation mirrors the read one, without
what the server owns (id, slug after creation, owner, status, version, timestamps, source)."""

from flask import current_app
from marshmallow import Schema, ValidationError, fields, pre_load, validates

from catalog.i18n.messages import N_, Message
from catalog.validation import Length

SERVER_OWNED = (
    "id", "owner", "status", "version", "created_at", "updated_at", "source",
    "language", "fallbacks", "display", "links",
)  # fmt: skip
SERVER_OWNED_MESSAGE = N_("Set by the server; it cannot be written.")


def refuse_server_fields(data):
    """Mass assignment: naming a server-owned field is an error of its own, not ignored."""
    if isinstance(data, dict):
        owned = [key for key in data if key in SERVER_OWNED]
        if owned:
            raise ValidationError({key: [Message(SERVER_OWNED_MESSAGE)] for key in owned})
    return data


def check_languages(translations: dict) -> None:
    """Texts only in the configured languages."""
    supported = current_app.config["DISTRETTO_LANGUAGES"]
    unknown = sorted(lang for lang in translations if lang not in supported)
    if unknown:
        raise ValidationError(
            [
                Message(
                    "%(input)s is not one of: %(choices)s.",
                    input=", ".join(unknown),
                    choices=", ".join(supported),
                )
            ]
        )


class TextsWriteSchema(Schema):
    name = fields.String(required=True, validate=Length(min=1, max=200))
    summary = fields.String(allow_none=True, validate=Length(max=600))
    description = fields.String(
        allow_none=True,
        validate=Length(max=4000),
        metadata={"description": "HTML fragment: p, br, strong, em, ul, ol, li, a[href]."},
    )


def translations_field(texts: type[Schema] = TextsWriteSchema) -> fields.Dict:
    return fields.Dict(
        keys=fields.String(validate=Length(min=2, max=8)),
        values=fields.Nested(texts),
        required=True,
        metadata={"description": "{lang: {name, summary, description}}; Italian name required."},
    )


class EditableWriteSchema(Schema):
    """Server-owned fields refused by name, texts only in the configured languages."""

    @pre_load
    def _no_server_fields(self, data, **kwargs):
        return refuse_server_fields(data)

    @validates("translations")
    def _supported_languages(self, value: dict, **kwargs) -> None:
        check_languages(value)
