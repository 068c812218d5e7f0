"""listings say whether a visitor can go in, and how much not to miss them

Revision ID: e3a1f0c6d2b4
Revises: b225fefd3d8f
Create Date: 2026-12-04 18:20:00.000000

Existing listings become `open` with highlight 0: what the catalogue implied until now. The
seeds then state both from the facts.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'e3a1f0c6d2b4'
down_revision: str | None = 'b225fefd3d8f'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('listings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('access', sa.String(length=20), server_default='open', nullable=False))
        batch_op.add_column(sa.Column('highlight', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_check_constraint(
            batch_op.f('ck_listings_access_known'),
            "access IN ('open', 'by_appointment', 'outside_only', 'closed')",
        )
        batch_op.create_check_constraint(
            batch_op.f('ck_listings_highlight_range'), 'highlight BETWEEN 0 AND 3'
        )


def downgrade() -> None:
    with op.batch_alter_table('listings', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_listings_highlight_range'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_listings_access_known'), type_='check')
        batch_op.drop_column('highlight')
        batch_op.drop_column('access')
