"""dashboard indexes: calls waiting for a callback, requests that need staff (per Kommune)

Revision ID: d001
Revises: 0002
Create Date: 2026-11-21 06:12:47.236073
"""

from collections.abc import Sequence

from alembic import op

revision: str = 'd001'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.create_index('ix_calls_kommune_callback', ['kommune_id', 'needs_callback', 'started_at'], unique=False)

    with op.batch_alter_table('help_requests', schema=None) as batch_op:
        batch_op.create_index('ix_help_requests_kommune_attention', ['kommune_id', 'needs_attention'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('help_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_help_requests_kommune_attention')

    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.drop_index('ix_calls_kommune_callback')
