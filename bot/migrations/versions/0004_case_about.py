"""A case's `about`: the short phrases from the audit's text a case may be remembered by
(knowledge/README.md). Added only where missing, with an empty list for the rows already there
(the knowledge tables are loaded again by the next `make knowledge`).

Revision ID: 0004_case_about
Revises: 0003_followers_and_sign_ins
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_case_about"
down_revision = "0003_followers_and_sign_ins"
branch_labels = None
depends_on = None


def upgrade() -> None:
    present = {column["name"] for column in sa.inspect(op.get_bind()).get_columns("cases")}
    if "about" not in present:
        with op.batch_alter_table("cases") as batch:
            batch.add_column(sa.Column("about", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("about")
