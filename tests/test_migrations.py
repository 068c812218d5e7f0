"""Alembic migrations create exactly what the models describe, on every backend."""

from sqlalchemy import inspect

from catalog import migrate
from catalog.models import Base


def test_models_and_migrations_agree(engine):
    assert migrate.pending_model_changes(engine) == []


def test_migrations_create_every_table(engine):
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_pending_changes_notice_a_model_the_migrations_lack(engine):
    from sqlalchemy import Column, Integer, Table

    extra = Table("not_migrated", Base.metadata, Column("id", Integer, primary_key=True))
    try:
        changes = migrate.pending_model_changes(engine)
    finally:
        Base.metadata.remove(extra)
    assert any(change[0] == "add_table" and change[1].name == "not_migrated" for change in changes)


def test_a_fresh_instance_folder_is_created_for_the_sqlite_file(tmp_path):
    from catalog.db import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'new' / 'folder' / 'db.sqlite3'}")
    migrate.upgrade(engine)
    assert "listings" in inspect(engine).get_table_names()
    engine.dispose()
