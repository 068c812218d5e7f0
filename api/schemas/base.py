"""Shared pieces: strict query schemas, paging and links."""

from flask import current_app
from marshmallow import RAISE, Schema, ValidationError, fields, post_load, validates

from catalog.i18n.languages import DEFAULT_LANGUAGES
from catalog.i18n.messages import Message
from catalog.models.base import MAX_INTEGER
from catalog.validation import Range


class QuerySchema(Schema):
    """Every query string accepts `lang`; anything not declared is rejected."""

    class Meta:
        unknown = RAISE

    lang = fields.String(
        load_only=True,
        metadata={
            "description": "Response language (it, en, de, fr, es, zh, ja, ru), or * (all) for "
            "every language at once. Wins over Accept-Language and is read like it: "
            "case-insensitive, a regional tag counts as its language (de-CH is de); an "
            "unsupported language is a 400.",
            # Documented from the default configuration; checked against the configured list.
            "enum": [*DEFAULT_LANGUAGES, "*", "all"],
        },
    )


class PagedQuerySchema(QuerySchema):
    page = fields.Integer(
        validate=Range(min=1),
        metadata={"description": "Page number, from 1 (the first when left out; not with cursor)."},
    )
    limit = fields.Integer(
        load_default=lambda: current_app.config["DISTRETTO_DEFAULT_PAGE_SIZE"],
        validate=Range(min=1),
        metadata={"description": "Items per page: default 20, at most 100 (more is a 400)."},
    )

    @validates("limit")
    def _under_cap(self, value: int, **kwargs) -> None:
        cap = current_app.config["DISTRETTO_MAX_PAGE_SIZE"]
        if value > cap:
            raise ValidationError([Message(Range.message_max, max=cap)])

    @post_load
    def _first_page(self, data: dict, **kwargs) -> dict:
        """Page 1 unless asked: not a documented default, which a generated client would send
        on every request, cursor walks included (where a page is a 400)."""
        data.setdefault("page", 1)
        return data

    @validates("page")
    def _addressable(self, value: int, **kwargs) -> None:
        """The row offset of any page at the largest limit must bind as an Integer."""
        most = MAX_INTEGER // current_app.config["DISTRETTO_MAX_PAGE_SIZE"] + 1
        if value > most:
            raise ValidationError([Message(Range.message_max, max=most)])


class SelfLinkSchema(Schema):
    self = fields.Url(required=True, metadata={"description": "This resource."})


class PageLinksSchema(Schema):
    self = fields.Url(required=True, metadata={"description": "This page."})
    first = fields.Url(metadata={"description": "Absent on a page reached by cursor."})
    last = fields.Url(metadata={"description": "Absent on a page reached by cursor."})
    next = fields.Url(
        allow_none=True,
        metadata={
            "description": "Null on the last page. With sort=updated_at it carries the next "
            "cursor, so following it never skips or repeats a listing."
        },
    )
    prev = fields.Url(
        allow_none=True,
        metadata={"description": "Null on the first page; absent on a page reached by cursor."},
    )


class PageSchema(Schema):
    """What every collection says beside its items (subclasses add `items`)."""

    total = fields.Integer(required=True, metadata={"description": "Matches over all pages."})
    page = fields.Integer(required=True)
    limit = fields.Integer(required=True)
    links = fields.Nested(PageLinksSchema, required=True)


class PointSchema(Schema):
    lat = fields.Float(required=True, metadata={"description": "WGS 84 latitude"})
    lon = fields.Float(required=True, metadata={"description": "WGS 84 longitude"})


class ProblemSchema(Schema):
    """RFC 9457 problem details, the body of every error."""

    type = fields.String(required=True, metadata={"description": "A URI naming the problem."})
    title = fields.String(required=True, metadata={"description": "Translated summary."})
    status = fields.Integer(required=True)
    detail = fields.String(metadata={"description": "Translated explanation of this case."})
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "Messages per parameter or field, e.g. location.lat."},
    )
    current_version = fields.Integer(
        metadata={"description": "On 412: the version the listing is at now."}
    )


def localized_text(description: str = "", required: bool = False) -> fields.Raw:
    """A text in the response language, or a {lang: text} map when ?lang=* asks for all."""
    return fields.Raw(
        required=required,
        allow_none=not required,
        metadata={
            "description": (description + " " if description else "")
            + "A string in the response language; with lang=* an object {lang: text}."
        },
    )
