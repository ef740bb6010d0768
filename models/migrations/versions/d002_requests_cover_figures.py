"""requests by Kommune and time carry what the figures count (index-only scans)

Revision ID: d002
Revises: d001
Create Date: 2026-11-21 09:10:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = 'd002'
down_revision: str | None = 'd001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COVER = ['kommune_id', 'created_at', 'category', 'district', 'status', 'assigned_at']


def upgrade() -> None:
    with op.batch_alter_table('help_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_help_requests_kommune_created')
        batch_op.create_index('ix_help_requests_kommune_created', COVER, unique=False)


def downgrade() -> None:
    with op.batch_alter_table('help_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_help_requests_kommune_created')
        batch_op.create_index(
            'ix_help_requests_kommune_created', ['kommune_id', 'created_at'], unique=False
        )
