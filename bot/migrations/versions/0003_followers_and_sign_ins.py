"""The Teams followers of live workshops and the provider sign-ins, added on two branches
while the migrations were written. As in 0002, each table is created only where it is missing:
a database made before Alembic by those branches' code already has it.

Revision ID: 0003_followers_and_sign_ins
Revises: 0002_this_round
Create Date: 2026-12-05 01:23:45.603106
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_followers_and_sign_ins"
down_revision = "0002_this_round"
branch_labels = None
depends_on = None


def upgrade() -> None:
    present = set(sa.inspect(op.get_bind()).get_table_names())
    if "oidc_signed_in" not in present:
        _oidc_signed_in()
    if "workshop_followers" not in present:
        _workshop_followers()


def _oidc_signed_in() -> None:
    op.create_table(
        "oidc_signed_in",
        sa.Column("session_id", sa.String(length=64), nullable=False),
        sa.Column("id_token", sa.Text(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("session_id"),
    )
    with op.batch_alter_table("oidc_signed_in", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_oidc_signed_in_expires_at"), ["expires_at"], unique=False
        )


def _workshop_followers() -> None:
    op.create_table(
        "workshop_followers",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("conversation_key", sa.String(length=64), nullable=False),
        sa.Column("address", sa.JSON(), nullable=False),
        sa.Column("marker", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["workshop_sessions.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("session_id", "conversation_key"),
    )


def downgrade() -> None:
    op.drop_table("workshop_followers")
    with op.batch_alter_table("oidc_signed_in", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oidc_signed_in_expires_at"))

    op.drop_table("oidc_signed_in")
