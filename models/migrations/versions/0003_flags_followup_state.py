"""flags of their own; the follow-up as a state; typed task payloads

Revision ID: 0003
Revises: d002
Create Date: 2026-12-01 06:00:00

A request's single "needs attention" flag becomes rows in ``flags`` (several at once, each
resolved by what settles it, with history). ``followup_result`` becomes ``followup_state``
(``due`` until the follow-up is answered). Tasks waiting in the outbox get the payload
fields their typed work now carries, read from their keys.
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = '0003'
down_revision: str | None = 'd002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text('resolved_at IS NULL')


def upgrade() -> None:
    op.create_table(
        'flags',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kommune_id', sa.Integer(), nullable=False),
        sa.Column('request_id', sa.Integer(), nullable=True),
        sa.Column('person_id', sa.Integer(), nullable=True),
        sa.Column('reason', sa.String(length=30), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('raised_at', models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('raised_by', sa.String(length=40), nullable=False),
        sa.Column('resolved_at', models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column('resolved_by', sa.String(length=40), nullable=True),
        sa.Column('resolution', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['kommune_id'], ['kommunen.id'], name=op.f('fk_flags_kommune_id_kommunen')),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_flags_person_id_people')),
        sa.ForeignKeyConstraint(
            ['request_id'], ['help_requests.id'], name=op.f('fk_flags_request_id_help_requests'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_flags')),
    )
    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.create_index('ix_flags_kommune_resolved', ['kommune_id', 'resolved_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_flags_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_flags_request_id'), ['request_id'], unique=False)
        batch_op.create_index(
            'uq_flags_open_request_reason',
            ['request_id', 'reason'],
            unique=True,
            sqlite_where=OPEN,
            postgresql_where=OPEN,
        )

    op.execute(
        "INSERT INTO flags (kommune_id, request_id, person_id, reason, note, raised_at, raised_by, resolution) "
        "SELECT kommune_id, id, client_id, attention_reason, '', updated_at, 'system', '' "
        "FROM help_requests WHERE needs_attention AND attention_reason != ''"
    )
    with op.batch_alter_table('help_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_help_requests_kommune_attention')
        batch_op.drop_column('needs_attention')
        batch_op.drop_column('attention_reason')
        batch_op.alter_column('followup_result', new_column_name='followup_state')
    op.execute(
        "UPDATE help_requests SET followup_state = 'due' "
        "WHERE status = 'done' AND followup_state IS NULL AND followup_due_at IS NOT NULL"
    )
    _typed_payloads()


def _typed_payloads() -> None:
    """What each waiting task needs besides its ref, from its key (the format up to 0002)."""
    conn = op.get_bind()
    tasks = sa.table('tasks', sa.column('id'), sa.column('kind'), sa.column('key'), sa.column('payload', sa.JSON))
    rows = conn.execute(
        sa.select(tasks.c.id, tasks.c.kind, tasks.c.key, tasks.c.payload).where(
            sa.text("state IN ('pending', 'running')")
        )
    ).all()
    for task_id, kind, key, payload in rows:
        payload = dict(payload if isinstance(payload, dict) else json.loads(payload or '{}'))
        parts = key.split(':')
        if kind in ('send_message', 'place_call'):
            payload['about'] = key.split(':', 1)[1]
        elif kind == 'notify_client' and len(parts) >= 5:
            payload.update(volunteer_id=int(parts[2]), round=int(parts[3]), attempt=int(parts[4]))
        elif kind == 'tell_client_escalated' and len(parts) >= 3:
            payload['round'] = int(parts[2])
        elif kind == 'followup':
            payload['attempt'] = int(parts[2]) if len(parts) >= 3 else 1
        elif kind == 'retention':
            payload['night'] = parts[1]
        conn.execute(tasks.update().where(tasks.c.id == task_id).values(payload=payload))


def downgrade() -> None:
    with op.batch_alter_table('help_requests', schema=None) as batch_op:
        batch_op.alter_column('followup_state', new_column_name='followup_result')
        batch_op.add_column(sa.Column('attention_reason', sa.String(length=40), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('needs_attention', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.create_index('ix_help_requests_kommune_attention', ['kommune_id', 'needs_attention'], unique=False)
    op.execute("UPDATE help_requests SET followup_result = NULL WHERE followup_result IN ('due', 'by_staff')")
    op.execute(
        "UPDATE help_requests SET needs_attention = TRUE, attention_reason = "
        "(SELECT MIN(reason) FROM flags WHERE flags.request_id = help_requests.id AND resolved_at IS NULL) "
        "WHERE id IN (SELECT request_id FROM flags WHERE resolved_at IS NULL)"
    )
    op.drop_table('flags')
