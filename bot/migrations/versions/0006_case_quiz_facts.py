"""A case's `quiz_facts`: what a quiz on the audit's cases may ask of it, the audit's own words
told of this case only (knowledge/README.md). Added only where missing, with an empty list for
the rows already there (the knowledge tables are loaded again by the next `make knowledge`).

Revision ID: 0006_case_quiz_facts
Revises: 0005_key_message_named_by
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_case_quiz_facts"
down_revision = "0005_key_message_named_by"
branch_labels = None
depends_on = None


def upgrade() -> None:
    present = {column["name"] for column in sa.inspect(op.get_bind()).get_columns("cases")}
    if "quiz_facts" not in present:
        with op.batch_alter_table("cases") as batch:
            batch.add_column(
                sa.Column("quiz_facts", sa.JSON(), nullable=False, server_default="[]")
            )


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("quiz_facts")
