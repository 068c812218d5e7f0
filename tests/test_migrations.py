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


def test_going_down_and_up_again_keeps_every_row(tmp_path):
    """On SQLite Alembic alters a table by copying it: with foreign keys on, dropping the old
    copy cascaded to its children (every event's translations vanished). Nothing may be lost."""
    from sqlalchemy import text
    from sqlalchemy.orm import sessionmaker

    from catalog.data.seeding import load_seeds
    from catalog.db import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    migrate.upgrade(engine)
    with sessionmaker(bind=engine).begin() as session:
        load_seeds(session)
    tables = [t for t in Base.metadata.tables if t not in ("login_failures",)]

    def counts() -> dict[str, int]:
        with engine.connect() as connection:
            return {
                t: connection.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in tables
            }

    before = counts()
    assert before["event_translations"] > 0
    migrate.downgrade(engine, "702263a72161")  # events versioned: before the later batch alters
    migrate.upgrade(engine)
    assert counts() == before
    engine.dispose()
