"""Seeds write through the write core for every kind: a change bumps the version and records a
`seed` revision (so an editor's stale If-Match is a 412), an unchanged seed does nothing."""

from sqlalchemy import select

from catalog.data.seed_write import seed_write
from catalog.events.kind import EVENT
from catalog.listings.kind import LISTING
from catalog.models import Revision
from catalog.offers.package_kind import PACKAGE
from tests.contract.kinds import KINDS, each_kind

WRITE_KINDS = {"listings": LISTING, "events": EVENT, "packages": PACKAGE}


def _seeded_state(session, write_kind, slug: str) -> tuple:
    entity = session.scalar(
        select(write_kind.model)
        .where(write_kind.model.slug == slug)
        .options(*write_kind.edit_options())
    )
    return entity, write_kind.read(session, entity)


def test_every_kind_is_declared_to_the_write_core():
    assert {kind.name for kind in KINDS} == set(WRITE_KINDS)


@each_kind
def test_a_changed_seed_bumps_the_version_and_leaves_a_revision(kind, client, session, tokens):
    write_kind = WRITE_KINDS[kind.name]
    headers = tokens["maranello"]
    stale = client.get(kind.url(kind.published), headers=headers).headers["ETag"]
    entity, state = _seeded_state(session, write_kind, kind.published)
    version = entity.version
    state["translations"]["it"] = {**state["translations"]["it"], "summary": "Dai semi."}
    assert seed_write(session, write_kind, kind.published, state, "test") == "updated"
    assert entity.version == version + 1
    last = session.scalars(
        select(Revision)
        .where(Revision.entity_type == write_kind.entity, Revision.entity_id == entity.id)
        .order_by(Revision.number.desc())
    ).first()
    assert (last.action, last.author) == ("seed", "seed loader")
    assert last.changes == {
        "translations.it.summary": [last.changes["translations.it.summary"][0], "Dai semi."]
    }
    refused = client.patch(
        kind.url(kind.published), json=kind.patch, headers={**headers, "If-Match": stale}
    )
    assert refused.status_code == 412


@each_kind
def test_an_unchanged_seed_changes_nothing(kind, session):
    write_kind = WRITE_KINDS[kind.name]
    entity, state = _seeded_state(session, write_kind, kind.published)
    version = entity.version
    revisions = session.scalar(
        select(Revision.number)
        .where(Revision.entity_type == write_kind.entity, Revision.entity_id == entity.id)
        .order_by(Revision.number.desc())
    )
    assert seed_write(session, write_kind, kind.published, state, "test") == "unchanged"
    assert entity.version == version
    assert (
        session.scalar(
            select(Revision.number)
            .where(Revision.entity_type == write_kind.entity, Revision.entity_id == entity.id)
            .order_by(Revision.number.desc())
        )
        == revisions
    )
