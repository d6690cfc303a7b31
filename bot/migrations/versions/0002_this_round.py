"""Today's schema: the trainer's records and sign-ins, the workshop columns added since the last
release, eight-digit join codes, and where urgent contacts and escalation steps were copied from.

Written to hold for any database made before Alembic, not only the last release's: a database
of this round's development versions already has some of these columns (added then by an ad-hoc
ALTER TABLE) or tables (created on first use), and each is added only where it is missing.
A NOT NULL column gets a server default, so the rows already there get a value.

Revision ID: 0002_this_round
Revises: 0001_last_release
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_this_round"
down_revision = "0001_last_release"
branch_labels = None
depends_on = None

OLD_CODE_DIGITS = 4
CODE_DIGITS = 8


def added_columns() -> dict[str, list[sa.Column]]:
    """Fresh Column objects per call: a Column belongs to one table once added."""
    return {
        "escalation_steps": [
            sa.Column("source_url", sa.Text(), nullable=True),
            sa.Column("copied_on", sa.Date(), nullable=True),
            sa.Column("to_confirm", sa.Text(), nullable=True),
        ],
        "services": [sa.Column("to_confirm", sa.Text(), nullable=True)],
        "urgent_contacts": [
            sa.Column("hours", sa.Text(), nullable=False, server_default=""),
            sa.Column("source_url", sa.Text(), nullable=True),
            sa.Column("copied_on", sa.Date(), nullable=True),
        ],
        "workshop_answers": [
            sa.Column("held", sa.Boolean(), nullable=False, server_default=sa.false())
        ],
        "workshop_sessions": [
            sa.Column("max_participants", sa.Integer(), nullable=True),
            sa.Column("results_visible", sa.Boolean(), nullable=True),
            sa.Column("published", sa.Boolean(), nullable=False, server_default=sa.false()),
        ],
    }


def new_tables() -> None:
    present = set(sa.inspect(op.get_bind()).get_table_names())
    if "failed_attempts" not in present:
        op.create_table(
            "failed_attempts",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("door", sa.String(length=32), nullable=False),
            sa.Column("client", sa.String(length=64), nullable=False),
            sa.Column("at", sa.Float(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index(op.f("ix_failed_attempts_at"), "failed_attempts", ["at"], unique=False)
    if "oidc_pending_logins" not in present:
        op.create_table(
            "oidc_pending_logins",
            sa.Column("state", sa.String(length=64), nullable=False),
            sa.Column("nonce", sa.String(length=64), nullable=False),
            sa.Column("verifier", sa.String(length=128), nullable=False),
            sa.Column("redirect_uri", sa.Text(), nullable=False),
            sa.Column("next_page", sa.Text(), nullable=False),
            sa.Column("started_at", sa.Float(), nullable=False),
            sa.PrimaryKeyConstraint("state"),
        )
        op.create_index(
            op.f("ix_oidc_pending_logins_started_at"),
            "oidc_pending_logins",
            ["started_at"],
            unique=False,
        )
    if "trainer_actions" not in present:
        op.create_table(
            "trainer_actions",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("at", sa.DateTime(), nullable=False),
            sa.Column("who", sa.String(length=200), nullable=False),
            sa.Column("role", sa.String(length=32), nullable=False),
            sa.Column("action", sa.String(length=64), nullable=False),
            sa.Column("subject", sa.Text(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
    if "trainer_sessions" not in present:
        op.create_table(
            "trainer_sessions",
            sa.Column("id", sa.String(length=64), nullable=False),
            sa.Column("name", sa.String(length=200), nullable=False),
            sa.Column("role", sa.String(length=32), nullable=False),
            sa.Column("expires_at", sa.Float(), nullable=False),
            sa.Column("signed_out", sa.Boolean(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index(
            op.f("ix_trainer_sessions_expires_at"), "trainer_sessions", ["expires_at"], unique=False
        )


def code_length() -> int | None:
    columns = sa.inspect(op.get_bind()).get_columns("workshop_sessions")
    return next(column["type"].length for column in columns if column["name"] == "code")


def upgrade() -> None:
    new_tables()
    for table, columns in added_columns().items():
        have = {column["name"] for column in sa.inspect(op.get_bind()).get_columns(table)}
        missing = [column for column in columns if column.name not in have]
        if missing:
            with op.batch_alter_table(table) as batch:
                for column in missing:
                    batch.add_column(column)
    if (code_length() or CODE_DIGITS) < CODE_DIGITS:
        # SQLite never checked the length, but says VARCHAR(4) until its table is copied
        with op.batch_alter_table("workshop_sessions") as batch:
            batch.alter_column(
                "code",
                existing_type=sa.String(OLD_CODE_DIGITS),
                type_=sa.String(CODE_DIGITS),
                existing_nullable=False,
            )


def downgrade() -> None:
    """Back to the last release's schema: its codes had four digits, so sessions with longer
    codes must have ended and been removed first (PostgreSQL refuses otherwise)."""
    with op.batch_alter_table("workshop_sessions") as batch:
        batch.alter_column(
            "code",
            existing_type=sa.String(CODE_DIGITS),
            type_=sa.String(OLD_CODE_DIGITS),
            existing_nullable=False,
        )
    for table, columns in added_columns().items():
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.drop_column(column.name)
    for table in ("trainer_sessions", "trainer_actions", "oidc_pending_logins", "failed_attempts"):
        op.drop_table(table)
