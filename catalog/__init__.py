"""The Distretto domain: plain Python over a SQLAlchemy Session, no HTTP and no Flask.

Keeping the domain free of the web layer lets the CLI, the seed loader, the benchmarks and
the tests call exactly the code the API calls.
"""
