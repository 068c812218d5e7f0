"""sign-in failures counted per account and address

Revision ID: b225fefd3d8f
Revises: 5d1e0c7a9b21
Create Date: 2026-12-04 16:05:24.371413

The counts are short-lived and their meaning changes (an account's failures are now per
address), so the rows are dropped rather than converted: at worst a throttle starts afresh.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import catalog.models.base


revision: str = 'b225fefd3d8f'
down_revision: str | None = '5d1e0c7a9b21'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(sa.text('DELETE FROM login_failures'))
    with op.batch_alter_table('login_failures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('address', sa.String(length=64), nullable=False))
        batch_op.add_column(sa.Column('last_failed_at', catalog.models.base.UTCDateTime(timezone=True), nullable=False))
        batch_op.drop_constraint(batch_op.f('uq_login_failures_scope_key'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_login_failures_scope_key_address'), ['scope', 'key', 'address'])


def downgrade() -> None:
    op.execute(sa.text('DELETE FROM login_failures'))
    with op.batch_alter_table('login_failures', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_login_failures_scope_key_address'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_login_failures_scope_key'), ['scope', 'key'])
        batch_op.drop_column('last_failed_at')
        batch_op.drop_column('address')
