"""listings know the languages they are complete in

Revision ID: 25b04a6b194d
Revises: 4b8d2e6f1a07
Create Date: 2026-12-05 06:30:00.000000

`listings.complete_languages` (",de,en,it,"): the languages with name, summary and
description, derived from the translations at every change (catalog/i18n/completeness.py), so
that the translation counts, the office's worklists and `lang_strict` read one column instead
of every text. Existing listings are filled here, by the same rule.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '25b04a6b194d'
down_revision: str | None = '4b8d2e6f1a07'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FIELDS = ("name", "summary", "description")


def upgrade() -> None:
    with op.batch_alter_table("listings") as batch_op:
        batch_op.add_column(
            sa.Column("complete_languages", sa.String(length=200), server_default="", nullable=False)
        )
    _backfill()


def _backfill() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT listing_id, lang, name, summary, description FROM listing_translations")
    )
    complete: dict[int, list[str]] = {}
    for row in rows:
        if all(getattr(row, name) for name in FIELDS):
            complete.setdefault(row.listing_id, []).append(row.lang)
    values = [
        {"id": listing_id, "value": "," + ",".join(sorted(languages)) + ","}
        for listing_id, languages in complete.items()
    ]
    if values:
        connection.execute(
            sa.text("UPDATE listings SET complete_languages = :value WHERE id = :id"), values
        )


def downgrade() -> None:
    with op.batch_alter_table("listings") as batch_op:
        batch_op.drop_column("complete_languages")
