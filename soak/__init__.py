"""Load and soak: mixed partner reads and editor writes against gunicorn, then a check in the
database that nothing acknowledged was lost (issue 9, item 4). Run `python -m soak --help`."""
