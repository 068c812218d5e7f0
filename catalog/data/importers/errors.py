"""The one error that stops an import run: a file that cannot be read safely."""

from catalog.errors import CatalogError


class ImportAborted(CatalogError):
    """A file is unreadable, truncated or corrupted; the run stops and nothing is written.

    Bad rows are not errors: they are rejected one by one and the run goes on.
    """
