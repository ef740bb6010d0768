"""prices: what Twilio charged for an SMS or a call (fetched afterwards)

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-02 12:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0012'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ('messages', 'calls'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('price', sa.Numeric(precision=10, scale=5), nullable=True))
            batch_op.add_column(sa.Column('price_unit', sa.String(length=3), nullable=True))


def downgrade() -> None:
    for table in ('calls', 'messages'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('price_unit')
            batch_op.drop_column('price')
