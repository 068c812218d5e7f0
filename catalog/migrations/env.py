"""Alembic environment: uses the connection handed in by catalog/migrate.py, else DATABASE_URL."""

import os

from alembic import context

from catalog.db import make_engine
from catalog.migrate import include_object, migration_connection
from catalog.models import Base
from catalog.settings import default_database_url

target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    engine = make_engine(os.environ.get("DATABASE_URL") or default_database_url())
    with migration_connection(engine) as conn:
        _run(conn)
