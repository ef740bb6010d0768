"""helper limits: per Kommune, at most N people helped or H hours a month per volunteer

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 12:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('kommunen', schema=None) as batch_op:
        batch_op.add_column(sa.Column('helper_max_people', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('helper_max_hours', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('kommunen', schema=None) as batch_op:
        batch_op.drop_column('helper_max_hours')
        batch_op.drop_column('helper_max_people')
