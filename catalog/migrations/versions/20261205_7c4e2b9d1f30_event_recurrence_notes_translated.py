"""event recurrence notes are translated texts

Revision ID: 7c4e2b9d1f30
Revises: e3a1f0c6d2b4
Create Date: 2026-12-05 10:00:00.000000

`events.recurrence_note` was one English text for every language. It becomes a text of the
event's translations: each existing note is copied into the event's `en` row (created, with no
other text, where the event has none; a row needs only its event and language), then the column
is dropped. The downgrade puts the English note (else the Italian one) back on the event and
removes the rows that held nothing else.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '7c4e2b9d1f30'
down_revision: str | None = 'e3a1f0c6d2b4'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None



def _noted(table: str) -> str:
    return f"{table}.recurrence_note IS NOT NULL AND {table}.recurrence_note <> ''"


def upgrade() -> None:
    with op.batch_alter_table('event_translations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recurrence_note', sa.Text(), nullable=True))

    op.execute(
        "UPDATE event_translations SET recurrence_note = ("
        " SELECT events.recurrence_note FROM events WHERE events.id = event_translations.event_id"
        f") WHERE lang = 'en' AND event_id IN (SELECT id FROM events WHERE {_noted('events')})"
    )
    op.execute(
        "INSERT INTO event_translations (event_id, lang, recurrence_note)"
        " SELECT events.id, 'en', events.recurrence_note FROM events"
        f" WHERE {_noted('events')} AND NOT EXISTS ("
        "  SELECT 1 FROM event_translations AS t WHERE t.event_id = events.id AND t.lang = 'en')"
    )

    # Never a copy of `events` on SQLite: dropping the old table, with foreign keys on, would
    # cascade to every event's translations. SQLite (3.35+) drops the column in place.
    with op.batch_alter_table('events', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('recurrence_note')


def downgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recurrence_note', sa.String(length=300), nullable=True))

    op.execute(
        "UPDATE events SET recurrence_note = ("
        " SELECT substr(t.recurrence_note, 1, 300) FROM event_translations AS t"
        f" WHERE t.event_id = events.id AND t.lang IN ('en', 'it') AND {_noted('t')}"
        " ORDER BY CASE t.lang WHEN 'en' THEN 0 ELSE 1 END LIMIT 1)"
    )
    op.execute(
        "DELETE FROM event_translations WHERE name IS NULL AND summary IS NULL"
        " AND description IS NULL"
    )

    with op.batch_alter_table('event_translations', schema=None) as batch_op:
        batch_op.drop_column('recurrence_note')
