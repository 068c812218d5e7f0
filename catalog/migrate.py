"""Schema migrations with Alembic, driven from code so the app, the CLI and tests share them."""

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine

from catalog.models import Base
from catalog.settings import PROJECT_ROOT


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(PROJECT_ROOT / "catalog" / "migrations"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


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
