"""Two editors, the same ETag, at the same moment: exactly one wins, the other gets 412,
on SQLite and on PostgreSQL. This test commits for real (separate connections race), then
removes what it wrote."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.orm import sessionmaker

from api import create_app
from catalog import editable
from catalog.access.accounts import actor_for_user, issue_token, load_user
from catalog.listings.kind import LISTING
from catalog.models import ApiToken, Listing, Revision, User
from tests.conftest import make_user
from tests.test_editing import NEW

SLUG = "gara-di-concorrenza"


@pytest.fixture
def committed(engine):
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    with factory.begin() as session:
        user = make_user(session, "race@example.org", "maranello")
        secret = issue_token(session, user, timedelta(hours=1)).secret
        actor = actor_for_user(load_user(session, user.id))
        listing = editable.create(session, LISTING, actor, {**NEW}, SLUG)
        listing_id, user_id = listing.id, user.id
    yield {"Authorization": f"Bearer {secret}"}, listing_id
    with factory.begin() as session:
        session.execute(delete(Revision).where(Revision.entity_id == listing_id))
        session.delete(session.get(Listing, listing_id))
        session.execute(delete(ApiToken).where(ApiToken.user_id == user_id))
        session.execute(delete(User).where(User.id == user_id))


def _updates(engine, listing_id) -> int:
    with engine.connect() as connection:
        return connection.scalar(
            select(func.count())
            .select_from(Revision)
            .where(Revision.entity_id == listing_id, Revision.action == "update")
        )


@pytest.mark.parametrize("round_", range(3))
def test_two_writers_with_the_same_etag(database_url, engine, committed, round_):
    headers, listing_id = committed
    app = create_app({"DATABASE_URL": database_url, "SERVER_NAME": "localhost"})
    url = f"/api/v1/listings/{SLUG}"
    etag = app.test_client().get(url, headers=headers).headers["ETag"]
    barrier = threading.Barrier(2)
    results: dict[str, int] = {}

    def write(name: str) -> None:
        client = app.test_client()
        barrier.wait()
        response = client.patch(
            url,
            json={"translations": {"en": {"summary": f"written by {name}"}}},
            headers={**headers, "If-Match": etag},
        )
        results[name] = response.status_code

    threads = [threading.Thread(target=write, args=(name,)) for name in ("anna", "bruno")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results.values()) == [200, 412], results
    winner = next(name for name, status in results.items() if status == 200)
    loser = next(name for name, status in results.items() if status == 412)
    client = app.test_client()
    english = client.get(url + "?lang=en", headers=headers)
    assert english.get_json()["summary"] == f"written by {winner}"
    assert english.get_json()["version"] == 2
    assert _updates(engine, listing_id) == 1

    # The loser reads again and re-applies: both changes end up in the history, in order.
    retry = client.patch(
        url,
        json={"translations": {"en": {"summary": f"written by {loser}"}}},
        headers={**headers, "If-Match": english.headers["ETag"]},
    )
    assert retry.status_code == 200 and retry.get_json()["version"] == 3
    history = client.get(url + "/revisions", headers=headers).get_json()["items"]
    assert [r["changes"].get("translations.en.summary", [None, None])[1] for r in history[1:]] == [
        f"written by {winner}",
        f"written by {loser}",
    ]
    app.extensions["distretto.db"].engine.dispose()


@pytest.mark.parametrize("round_", range(3))
def test_two_writers_adding_the_same_new_text_get_one_success_and_one_412(
    database_url, engine, committed, round_
):
    """A new translation row is a unique key: without the row lock the loser hit it (500)."""
    headers, _listing_id = committed
    app = create_app({"DATABASE_URL": database_url, "SERVER_NAME": "localhost"})
    url = f"/api/v1/listings/{SLUG}/translations/ja"
    etag = app.test_client().get(f"/api/v1/listings/{SLUG}", headers=headers).headers["ETag"]
    barrier = threading.Barrier(2)
    results: list[int] = []

    def write(name: str) -> None:
        client = app.test_client()
        barrier.wait()
        response = client.put(url, json={"name": name}, headers={**headers, "If-Match": etag})
        results.append(response.status_code)

    threads = [threading.Thread(target=write, args=(name,)) for name in ("塔", "タワー")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == [200, 412], results
    app.extensions["distretto.db"].engine.dispose()
