"""staff sessions end at logout (session generation); several duty phones per Kommune

Revision ID: 0007
Revises: 0004
Create Date: 2026-12-02 08:00:00
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

kommunen = sa.table(
    'kommunen',
    sa.column('id', sa.Integer()),
    sa.column('duty_phone', sa.String(20)),
    sa.column('duty_phones', sa.JSON()),
)


def upgrade() -> None:
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('session_generation', sa.Integer(), nullable=False, server_default='0')
        )
    with op.batch_alter_table('kommunen', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('duty_phones', sa.JSON(), nullable=False, server_default='[]')
        )
    conn = op.get_bind()
    for kommune_id, number in conn.execute(
        sa.select(kommunen.c.id, kommunen.c.duty_phone).where(kommunen.c.duty_phone.isnot(None))
    ):
        conn.execute(
            kommunen.update().where(kommunen.c.id == kommune_id).values(duty_phones=[number])
        )
    with op.batch_alter_table('kommunen', schema=None) as batch_op:
        batch_op.drop_column('duty_phone')


def downgrade() -> None:
    with op.batch_alter_table('kommunen', schema=None) as batch_op:
        batch_op.add_column(sa.Column('duty_phone', sa.String(length=20), nullable=True))
    conn = op.get_bind()
    for kommune_id, numbers in conn.execute(sa.select(kommunen.c.id, kommunen.c.duty_phones)):
        if isinstance(numbers, str):
            numbers = json.loads(numbers)
        if numbers:
            conn.execute(
                kommunen.update().where(kommunen.c.id == kommune_id).values(duty_phone=numbers[0])
            )
    with op.batch_alter_table('kommunen', schema=None) as batch_op:
        batch_op.drop_column('duty_phones')
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.drop_column('session_generation')
