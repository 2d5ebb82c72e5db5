"""The first schema: meta, questions, feedback, events.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the four tables."""
    op.create_table(
        "meta", sa.Column("key", sa.String(64), primary_key=True), sa.Column("value", sa.Text, nullable=False)
    )
    op.create_table(
        "questions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("surface", sa.String(16), nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("user_hash", sa.String(64), nullable=True),
    )
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("answer_ref", sa.String(64), nullable=False),
        sa.Column("answer_key", sa.String(200), nullable=False, index=True),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("vote", sa.SmallInteger, nullable=False),
        sa.Column("user_hash", sa.String(64), nullable=False),
        sa.Column("surface", sa.String(16), nullable=False),
        sa.UniqueConstraint("answer_ref", "user_hash", name="uq_feedback_answer_user"),
    )
    op.create_table(
        "events",
        sa.Column("event_id", sa.String(128), primary_key=True),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False, index=True),
    )


def downgrade() -> None:
    """Drop the four tables."""
    for table in ("events", "feedback", "questions", "meta"):
        op.drop_table(table)
