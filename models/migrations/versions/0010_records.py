"""Servicepunkt records: time spent per request, the Kommune's allowance per hour, the
recognition checklist, checks, trainings, category requirements, the Führungszeugnis, the
callback list (claims and attempts), the staff rota

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('help_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('minutes_spent', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('minutes_by', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('minutes_confirmed', sa.Boolean(), nullable=True))
    with op.batch_alter_table('kommunen', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('allowance_cents', sa.Integer(), nullable=False, server_default='0')
        )
        batch_op.add_column(
            sa.Column('clearance_years', sa.Integer(), nullable=False, server_default='5')
        )
        batch_op.add_column(sa.Column('rota', sa.JSON(), nullable=False, server_default='[]'))
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('clearance_issued_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('clearance_seen_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_people_clearance_seen_by_id_staff_users'),
            'staff_users',
            ['clearance_seen_by_id'],
            ['id'],
        )
    op.create_table('checklist_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kommune_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('hint', sa.Text(), nullable=False),
    sa.Column('course_hours', sa.Integer(), nullable=True),
    sa.Column('valid_months', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['kommune_id'], ['kommunen.id'], name=op.f('fk_checklist_items_kommune_id_kommunen'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checklist_items')),
    sa.UniqueConstraint('kommune_id', 'key', name=op.f('uq_checklist_items_kommune_id_key'))
    )
    op.create_table('category_requirements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kommune_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('requirement', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['kommune_id'], ['kommunen.id'], name=op.f('fk_category_requirements_kommune_id_kommunen'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_category_requirements')),
    sa.UniqueConstraint('kommune_id', 'category', 'requirement', name=op.f('uq_category_requirements_kommune_id_category_requirement'))
    )
    op.create_table('volunteer_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('confirmed_on', sa.Date(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['staff_users.id'], name=op.f('fk_volunteer_checks_confirmed_by_id_staff_users')),
    sa.ForeignKeyConstraint(['item_id'], ['checklist_items.id'], name=op.f('fk_volunteer_checks_item_id_checklist_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_volunteer_checks_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteer_checks')),
    sa.UniqueConstraint('person_id', 'item_id', name=op.f('uq_volunteer_checks_person_id_item_id'))
    )
    with op.batch_alter_table('volunteer_checks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_volunteer_checks_person_id'), ['person_id'], unique=False)
    op.create_table('trainings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('taken_on', sa.Date(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_trainings_person_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['staff_users.id'], name=op.f('fk_trainings_recorded_by_id_staff_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trainings'))
    )
    with op.batch_alter_table('trainings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trainings_person_id'), ['person_id'], unique=False)
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.add_column(sa.Column('callback_claimed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column('callback_claimed_at', models.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.create_foreign_key(
            batch_op.f('fk_calls_callback_claimed_by_id_staff_users'),
            'staff_users',
            ['callback_claimed_by_id'],
            ['id'],
        )
    op.create_table('callback_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('staff_user_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.String(length=12), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_callback_attempts_call_id_calls'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_user_id'], ['staff_users.id'], name=op.f('fk_callback_attempts_staff_user_id_staff_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_callback_attempts'))
    )
    with op.batch_alter_table('callback_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_callback_attempts_call_id'), ['call_id'], unique=False)


def downgrade() -> None:
    op.drop_table('callback_attempts')
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.drop_constraint('fk_calls_callback_claimed_by_id_staff_users', type_='foreignkey')
        batch_op.drop_column('callback_claimed_at')
        batch_op.drop_column('callback_claimed_by_id')
    op.drop_table('trainings')
    op.drop_table('volunteer_checks')
    op.drop_table('category_requirements')
    op.drop_table('checklist_items')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_constraint('fk_people_clearance_seen_by_id_staff_users', type_='foreignkey')
        batch_op.drop_column('clearance_seen_by_id')
        batch_op.drop_column('clearance_issued_on')
    with op.batch_alter_table('kommunen', schema=None) as batch_op:
        batch_op.drop_column('rota')
        batch_op.drop_column('clearance_years')
        batch_op.drop_column('allowance_cents')
    with op.batch_alter_table('help_requests', schema=None) as batch_op:
        batch_op.drop_column('minutes_confirmed')
        batch_op.drop_column('minutes_by')
        batch_op.drop_column('minutes_spent')
