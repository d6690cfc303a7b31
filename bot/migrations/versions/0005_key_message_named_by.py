"""A key message's `named_by`: the words a question names its subject by, for a key message of
one subject (knowledge/README.md). Added only where missing, with an empty list for the rows
already there (the knowledge tables are loaded again by the next `make knowledge`).

Revision ID: 0005_key_message_named_by
Revises: 0004_case_about
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_key_message_named_by"
down_revision = "0004_case_about"
branch_labels = None
depends_on = None


def upgrade() -> None:
    present = {column["name"] for column in sa.inspect(op.get_bind()).get_columns("key_messages")}
    if "named_by" not in present:
        with op.batch_alter_table("key_messages") as batch:
            batch.add_column(sa.Column("named_by", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("key_messages") as batch:
        batch.drop_column("named_by")
