"""Importers of open data into the catalogue.

An importer reads files as they are published (encodings, shifted columns and all), reports
every row it cannot use with file, line and reason, and writes only through `write_state`
with a revision, so imported data has the same history as edited data. It never commits:
the caller commits once at the end, so a run is all or nothing.
"""

from catalog.data.importers.errors import ImportAborted
from catalog.data.importers.ert import ErtImport, import_ert, read_ert_file
from catalog.data.importers.report import FileReport, ImportReport

__all__ = [
    "ErtImport",
    "FileReport",
    "ImportAborted",
    "ImportReport",
    "import_ert",
    "read_ert_file",
]
