"""The benchmark harness of issue 8: a synthetic catalogue, gunicorn, a ceiling and load.

Run it with `make bench` (or `.venv/bin/python -m bench --help`); results go to
bench/results/. Nothing here is imported by the app, and nothing here writes to seeds/ or to
the developer's database.
"""
