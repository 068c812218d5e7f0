"""Domain errors. The HTTP layer maps each class to a status once (api/errors.py)."""

from catalog.i18n.messages import Message


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


class InvalidData(CatalogError):
    """A body that breaks the rules: wrong types, unknown or server-owned fields, bad values.

    `errors` maps a field path ("location.lat") to a list of messages.
    """

    def __init__(self, errors: dict, detail: Message | str = "") -> None:
        super().__init__(detail)
        self.errors = errors


class NotAuthenticated(CatalogError):
    """Only a signed-in editor may do this."""


class InvalidCredentials(CatalogError):
    """Wrong email or password; deliberately does not say which."""


class TooManyAttempts(CatalogError):
    """Too many failed logins for this account or address; try again later."""

    def __init__(self, retry_after: int, detail: Message | str = "") -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class Forbidden(CatalogError):
    """Signed in, but this belongs to another town."""


class Conflict(CatalogError):
    """The write collides with existing data (a slug already taken)."""


class PreconditionFailed(CatalogError):
    """The version the client based its change on is no longer the current one."""

    def __init__(self, current_version: int, detail: Message | str = "") -> None:
        super().__init__(detail)
        self.current_version = current_version
