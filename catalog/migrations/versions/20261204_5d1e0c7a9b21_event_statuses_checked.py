"""event statuses checked like every kind's

Revision ID: 5d1e0c7a9b21
Revises: 702263a72161
Create Date: 2026-12-04 16:00:00
"""

from collections.abc import Sequence

from alembic import op


revision: str = '5d1e0c7a9b21'
down_revision: str | None = '702263a72161'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_check_constraint(
            'status_known', "status IN ('draft', 'published', 'archived')"
        )


def downgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_constraint('status_known', type_='check')
