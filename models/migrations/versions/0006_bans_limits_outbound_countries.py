"""banned numbers per Kommune; indexes for the limits per number; outbound countries

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-02 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'bans',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kommune_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.String(length=20), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('created_by', sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ['kommune_id'], ['kommunen.id'], name=op.f('fk_bans_kommune_id_kommunen'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_bans')),
        sa.UniqueConstraint('kommune_id', 'number', name=op.f('uq_bans_kommune_id_number')),
    )
    with op.batch_alter_table('kommunen', schema=None) as batch_op:
        batch_op.add_column(sa.Column('outbound_countries', sa.JSON(), nullable=True))
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.create_index('ix_calls_from_started', ['from_number', 'started_at'], unique=False)
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.create_index('ix_messages_from_created', ['from_number', 'created_at'], unique=False)
        batch_op.create_index('ix_messages_to_created', ['to_number', 'created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_index('ix_messages_to_created')
        batch_op.drop_index('ix_messages_from_created')
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.drop_index('ix_calls_from_started')
    with op.batch_alter_table('kommunen', schema=None) as batch_op:
        batch_op.drop_column('outbound_countries')
    op.drop_table('bans')
