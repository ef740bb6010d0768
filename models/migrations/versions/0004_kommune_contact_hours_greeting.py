"""a Kommune's own contact hours and the name in its greeting

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('kommunen', schema=None) as batch_op:
        batch_op.add_column(sa.Column('greeting_name', sa.String(length=120), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('contact_hours', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('kommunen', schema=None) as batch_op:
        batch_op.drop_column('contact_hours')
        batch_op.drop_column('greeting_name')
