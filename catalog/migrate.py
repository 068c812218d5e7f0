"""Schema migrations with Alembic, driven from code so the app, the CLI and tests share them."""

from collections.abc import Iterator
from contextlib import contextmanager

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Engine

from catalog.models import Base
from catalog.settings import PROJECT_ROOT


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(PROJECT_ROOT / "catalog" / "migrations"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = alembic_config()
    with migration_connection(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    config = alembic_config()
    with migration_connection(engine) as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """One transaction for the migrations; on SQLite with foreign keys off while they run.

    Alembic alters a SQLite table by copying it and dropping the old one: with foreign keys on,
    that drop cascades to every row that refers to it (an event's translations, say). The pragma
    is a no-op inside a transaction, so it is set on the driver's connection before BEGIN, and
    the keys are checked before the migration commits.
    """
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                yield connection
                if sqlite:
                    _check_foreign_keys(connection)
        finally:
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


def _check_foreign_keys(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        raise RuntimeError(f"the migration left rows without their parent: {broken[:5]}")


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """The search index lives outside the models: FTS5 tables on SQLite, a tsvector on PG."""
    if type_ == "table" and name and name.startswith("listing_fts"):
        return False
    if type_ == "column" and name == "vector" and obj.table.name == "listing_search":
        return False
    return not (type_ == "index" and name == "ix_listing_search_vector")


def pending_model_changes(engine: Engine) -> list:
    """What autogenerate would still write: empty when models and migrations agree."""
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": include_object}
        )
        return compare_metadata(context, Base.metadata)
