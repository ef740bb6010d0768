"""task payload, fair rotation, search rounds

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 05:31:56.746227
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('help_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_base_round', sa.Integer(), nullable=False, server_default='0'))
        batch_op.create_index('ix_help_requests_volunteer_status', ['volunteer_id', 'status'], unique=False)

    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_offered_at', models.base.UTCDateTime(timezone=True), nullable=True))

    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('payload', sa.JSON(), nullable=False, server_default='{}'))



def downgrade() -> None:
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_column('payload')

    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_column('last_offered_at')

    with op.batch_alter_table('help_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_help_requests_volunteer_status')
        batch_op.drop_column('search_base_round')

