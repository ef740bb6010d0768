"""lasting help: calls through the hotline (masked numbers)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('kommunen', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mask_numbers', sa.Boolean(), nullable=False, server_default=sa.true()))
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bridged_person_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('bridged_seconds', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_calls_bridged_person_id_people'), 'people', ['bridged_person_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_calls_bridged_person_id_people'), type_='foreignkey')
        batch_op.drop_column('bridged_seconds')
        batch_op.drop_column('bridged_person_id')
    with op.batch_alter_table('kommunen', schema=None) as batch_op:
        batch_op.drop_column('mask_numbers')
