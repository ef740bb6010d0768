"""lasting help: calls through the hotline (masked numbers), phone friendships (pairings), the daily check-in (Telefonkette)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

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
    op.create_table('pairings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kommune_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('volunteer_id', sa.Integer(), nullable=False),
    sa.Column('slots', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=40), nullable=False),
    sa.Column('ended_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['people.id'], name=op.f('fk_pairings_client_id_people')),
    sa.ForeignKeyConstraint(['kommune_id'], ['kommunen.id'], name=op.f('fk_pairings_kommune_id_kommunen')),
    sa.ForeignKeyConstraint(['volunteer_id'], ['people.id'], name=op.f('fk_pairings_volunteer_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pairings'))
    )
    with op.batch_alter_table('pairings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pairings_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pairings_kommune_id'), ['kommune_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pairings_volunteer_id'), ['volunteer_id'], unique=False)
    op.create_table('pairing_dates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pairing_id', sa.Integer(), nullable=False),
    sa.Column('due_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('attempt', sa.Integer(), nullable=False),
    sa.Column('seconds', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('needs_staff', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['pairing_id'], ['pairings.id'], name=op.f('fk_pairing_dates_pairing_id_pairings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pairing_dates')),
    sa.UniqueConstraint('pairing_id', 'due_at', name=op.f('uq_pairing_dates_pairing_id_due_at'))
    )
    with op.batch_alter_table('pairing_dates', schema=None) as batch_op:
        batch_op.create_index('ix_pairing_dates_state_due', ['state', 'due_at'], unique=False)
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pairing_date_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_calls_pairing_date_id'), ['pairing_date_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_calls_pairing_date_id_pairing_dates'), 'pairing_dates', ['pairing_date_id'], ['id'])
    op.create_table('checkin_dates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kommune_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('due_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('attempt', sa.Integer(), nullable=False),
    sa.Column('needs_staff', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['kommune_id'], ['kommunen.id'], name=op.f('fk_checkin_dates_kommune_id_kommunen')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_checkin_dates_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkin_dates')),
    sa.UniqueConstraint('person_id', 'due_at', name=op.f('uq_checkin_dates_person_id_due_at'))
    )
    with op.batch_alter_table('checkin_dates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checkin_dates_kommune_id'), ['kommune_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_checkin_dates_person_id'), ['person_id'], unique=False)
        batch_op.create_index('ix_checkin_dates_state_due', ['state', 'due_at'], unique=False)
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.add_column(sa.Column('checkin_date_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_calls_checkin_date_id'), ['checkin_date_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_calls_checkin_date_id_checkin_dates'), 'checkin_dates', ['checkin_date_id'], ['id'])
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('checkin_slots', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('checkin_paused', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('contact_name', sa.String(length=120), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('contact_phone', sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_column('contact_phone')
        batch_op.drop_column('contact_name')
        batch_op.drop_column('checkin_paused')
        batch_op.drop_column('checkin_slots')
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_calls_checkin_date_id_checkin_dates'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_calls_checkin_date_id'))
        batch_op.drop_column('checkin_date_id')
    op.drop_table('checkin_dates')
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_calls_pairing_date_id_pairing_dates'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_calls_pairing_date_id'))
        batch_op.drop_column('pairing_date_id')
    op.drop_table('pairing_dates')
    op.drop_table('pairings')
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_calls_bridged_person_id_people'), type_='foreignkey')
        batch_op.drop_column('bridged_seconds')
        batch_op.drop_column('bridged_person_id')
    with op.batch_alter_table('kommunen', schema=None) as batch_op:
        batch_op.drop_column('mask_numbers')
