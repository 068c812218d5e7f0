"""Data in and out: the seed loader and its format, dumps, open-data importers."""
