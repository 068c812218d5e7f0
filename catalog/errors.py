"""Domain errors. The HTTP layer maps each class to a status once (api/errors.py)."""

from catalog.i18n import Message


class CatalogError(Exception):
    """Base class: anything the domain refuses to do, with a reason a person can read."""

    def __init__(self, detail: Message | str = "") -> None:
        super().__init__(str(detail))
        self.detail = detail


class NotFound(CatalogError):
    """The entity does not exist, or is not visible to whoever asked."""


class InvalidRequest(CatalogError):
    """The request names things that do not exist or values out of range.

    `errors` maps a field name to a list of messages, like marshmallow's ValidationError.
    """

    def __init__(self, errors: dict[str, list], detail: Message | str = "") -> None:
        super().__init__(detail)
        self.errors = errors


class SeedError(CatalogError):
    """A seed file breaks the rules of seeds/README.md."""
