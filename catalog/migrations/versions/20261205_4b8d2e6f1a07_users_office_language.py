"""users have a back-office language

Revision ID: 4b8d2e6f1a07
Revises: 7c4e2b9d1f30
Create Date: 2026-12-05 05:30:00.000000

The back office speaks Italian or English, as each user chooses; None: the browser's choice.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '4b8d2e6f1a07'
down_revision: str | None = '7c4e2b9d1f30'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("language")
