"""the read model: listing documents ready to send

Revision ID: 9d3c5a7e1b42
Revises: 25b04a6b194d
Create Date: 2026-12-05 08:30:00.000000

`listing_documents` holds each listing's published representation per language as JSON text;
`catalog_state.read_model` names the rendering they were made with. The table starts empty
and the marker blank, so reads keep using the presenters until `flask read-model rebuild`
(which `flask seed` runs when the marker is stale) has filled it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '9d3c5a7e1b42'
down_revision: str | None = '25b04a6b194d'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "listing_documents",
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("extras_at", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["listing_id"], ["listings.id"],
            name=op.f("fk_listing_documents_listing_id_listings"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("listing_id", "lang", name=op.f("pk_listing_documents")),
    )
    with op.batch_alter_table("catalog_state") as batch_op:
        batch_op.add_column(
            sa.Column("read_model", sa.String(length=64), server_default="", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("catalog_state") as batch_op:
        batch_op.drop_column("read_model")
    op.drop_table("listing_documents")
