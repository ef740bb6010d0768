"""Servicepunkt records: time spent per request, the Kommune's allowance per hour

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-02 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('help_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('minutes_spent', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('minutes_by', sa.String(length=40), nullable=True))
    with op.batch_alter_table('kommunen', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('allowance_cents', sa.Integer(), nullable=False, server_default='0')
        )


def downgrade() -> None:
    with op.batch_alter_table('kommunen', schema=None) as batch_op:
        batch_op.drop_column('allowance_cents')
    with op.batch_alter_table('help_requests', schema=None) as batch_op:
        batch_op.drop_column('minutes_by')
        batch_op.drop_column('minutes_spent')
