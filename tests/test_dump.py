"""Export the whole catalogue, restore it into an empty database, export again: same document."""

import io
import json
import os
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from api import create_app
from api.database import EXTENSION
from catalog import migrate
from catalog.access.accounts import authenticate, issue_token
from catalog.data.dump import (
    FORMAT,
    NEVER_EXPORTED,
    DumpError,
    current_revision,
    export_dump,
    exported_tables,
    import_dump,
    read_dump,
    write_dump,
)
from catalog.data.importers import import_ert
from catalog.db import make_engine
from catalog.errors import InvalidCredentials
from catalog.models import Base, Listing, LoginFailure, User
from catalog.settings import PROJECT_ROOT
from tests.conftest import _PASSWORD, make_user

FIRST_REVISION = "2405a6589a4e"


@contextmanager
def empty_database(database_url: str, tmp_path):
    """The URL of a new, empty database on the same backend as the suite, dropped after.

    PostgreSQL gets a database of its own (never the shared test schema); SQLite a file.
    """
    if not database_url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"distretto_roundtrip_{os.getpid()}"
    admin = make_engine(database_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def app_on(url: str):
    """An app of its own on another database, its engine disposed of at the end."""
    app = create_app({"DATABASE_URL": url, "TESTING": True})
    try:
        yield app
    finally:
        app.extensions[EXTENSION].engine.dispose()


def _without_time(document: dict) -> dict:
    return {key: value for key, value in document.items() if key != "exported_at"}


def _text(document: dict) -> str:
    stream = io.StringIO()
    write_dump(_without_time(document), stream)
    return stream.getvalue()


def _catalogue_with_history(session: Session) -> User:
    """The seeds, plus what a real catalogue holds: an account, its token, a failed login,
    and listings created and updated by the importer (with their revisions)."""
    user = make_user(session, "dump@maranello.example", "maranello")
    issue_token(session, user, timedelta(hours=1))
    session.add(LoginFailure(scope="address", key="192.0.2.1", failures=2))
    import_ert(session, [PROJECT_ROOT / "seeds" / "ert" / "iat.csv"])
    session.flush()
    return user


def test_the_document_holds_every_table_but_secrets_and_ephemera(session, connection):
    user = _catalogue_with_history(session)
    document = export_dump(connection)

    assert document["format"] == FORMAT and document["version"] == 1
    assert document["alembic_revision"] == current_revision(connection)
    names = [table.name for table in Base.metadata.sorted_tables]
    assert list(document["tables"]) == [name for name in names if name not in NEVER_EXPORTED]
    assert {"api_tokens", "login_failures"} <= set(names) - set(document["tables"])
    (row,) = [row for row in document["tables"]["users"] if row["email"] == user.email]
    assert "password_hash" not in row
    assert row["created_at"].endswith("+00:00")
    listings = document["tables"]["listings"]
    assert [row["id"] for row in listings] == sorted(row["id"] for row in listings)
    assert len(listings) == session.scalar(select(func.count()).select_from(Listing))
    kika = next(row for row in listings if row["slug"] == "kika-maranello")
    assert kika["source"]["id"] == "61524" and isinstance(kika["location_approximate"], bool)
    revisions = document["tables"]["revisions"]
    assert any(r["author"] == "importer: Emilia-Romagna Turismo" for r in revisions)
    json.dumps(document)  # JSON-safe throughout

    secret = export_dump(connection, include_secrets=True)
    (row,) = [row for row in secret["tables"]["users"] if row["email"] == user.email]
    assert row["password_hash"] == user.password_hash


def test_export_restore_export_gives_the_same_document(session, connection, database_url, tmp_path):
    user = _catalogue_with_history(session)
    original = export_dump(connection)
    dumped = tmp_path / "catalogue.json"
    with dumped.open("w", encoding="utf-8") as stream:
        write_dump(original, stream)

    with empty_database(database_url, tmp_path) as url, app_on(url) as target:
        runner = target.test_cli_runner()
        assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
        restored = runner.invoke(args=["import", "dump", str(dumped)])
        assert restored.exit_code == 0, restored.output
        again = tmp_path / "again.json"
        exported = runner.invoke(args=["export", str(again)])
        assert exported.exit_code == 0, exported.output

        with again.open(encoding="utf-8") as stream:
            second = read_dump(stream)
        assert _without_time(second) == _without_time(original)
        assert _text(second) == _text(original)
        secret = tmp_path / "secret.json"
        with_secrets = runner.invoke(args=["export", "--include-secrets", str(secret)])
        assert with_secrets.exit_code == 0, with_secrets.output
        with secret.open(encoding="utf-8") as stream:
            (row,) = [r for r in read_dump(stream)["tables"]["users"] if r["email"] == user.email]
        assert row["password_hash"].startswith("!restored-without-secret")

        engine = target.extensions[EXTENSION].engine
        with Session(engine) as restored_session:
            account = restored_session.scalar(select(User).where(User.email == user.email))
            assert account.password_hash.startswith("!")  # restored without it: must reset
            with pytest.raises(InvalidCredentials):
                authenticate(restored_session, user.email, _PASSWORD, "192.0.2.9")
            restored_session.rollback()
            # Ids continue after the restored ones (PostgreSQL sequences were moved on).
            highest = restored_session.scalar(select(func.max(Listing.id)))
            copy = restored_session.get(Listing, highest)
            fresh = Listing(
                slug="after-restore", kind="service", status="draft", lat=copy.lat,
                lon=copy.lon, municipality_id=copy.municipality_id, owner_id=copy.owner_id,
            )  # fmt: skip
            restored_session.add(fresh)
            restored_session.flush()
            assert fresh.id == highest + 1
            restored_session.rollback()


def test_secrets_come_back_when_they_were_exported(session, connection, database_url, tmp_path):
    user = _catalogue_with_history(session)
    document = export_dump(connection, include_secrets=True)

    with empty_database(database_url, tmp_path) as url:
        engine = make_engine(url)
        try:
            migrate.upgrade(engine)
            with engine.begin() as target:
                counts = import_dump(target, document)
            assert counts["users"] == len(document["tables"]["users"])
            with Session(engine) as restored:
                assert authenticate(restored, user.email, _PASSWORD, "192.0.2.9").email == (
                    user.email
                )
                restored.rollback()
        finally:
            engine.dispose()


def test_restore_refuses_a_database_that_is_not_empty(session, connection):
    _catalogue_with_history(session)
    document = export_dump(connection)
    listings = session.scalar(select(func.count()).select_from(Listing))

    with pytest.raises(DumpError, match=r"not empty.*listings \(\d+\)"):
        import_dump(connection, document)
    assert session.scalar(select(func.count()).select_from(Listing)) == listings


def test_restore_refuses_a_database_at_another_revision_or_not_migrated(connection, tmp_path):
    document = export_dump(connection)
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    try:
        with engine.begin() as target, pytest.raises(DumpError, match="not migrated"):
            import_dump(target, document)
        migrate.upgrade(engine, FIRST_REVISION)
        with engine.begin() as target, pytest.raises(DumpError, match=FIRST_REVISION):
            import_dump(target, document)
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"format": "something-else"}, "not a Distretto dump"),
        ({"format": FORMAT, "version": 2, "tables": {}}, "version 2 is not supported"),
        (
            {"format": FORMAT, "version": 1, "alembic_revision": "x", "tables": {"spaceships": []}},
            "does not know: spaceships",
        ),
    ],
)
def test_documents_that_are_not_our_dumps_are_refused(connection, document, message):
    with pytest.raises(DumpError, match=message):
        import_dump(connection, document)


def test_a_file_that_is_not_json_is_refused():
    with pytest.raises(DumpError, match="not a JSON document"):
        read_dump(io.StringIO("format: distretto-dump"))


def test_every_exported_table_is_a_table_of_the_models():
    # Generic over the metadata: a table added to the models is exported with no code change.
    assert {t.name for t in exported_tables()} == {
        t.name for t in Base.metadata.sorted_tables
    } - NEVER_EXPORTED
