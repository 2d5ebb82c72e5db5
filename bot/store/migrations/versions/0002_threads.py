"""Threads: the last question answered in each Slack thread, so that a follow-up is read in its light.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the threads table."""
    op.create_table(
        "threads",
        sa.Column("thread_key", sa.String(200), primary_key=True),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("context_channel", sa.String(64), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
    )


def downgrade() -> None:
    """Drop the threads table."""
    op.drop_table("threads")
