"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-21 05:27:21.789998
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('kommunen',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('state', sa.String(length=2), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('voice', sa.String(length=60), nullable=True),
    sa.Column('office_hours', sa.JSON(), nullable=False),
    sa.Column('duty_phone', sa.String(length=20), nullable=True),
    sa.Column('round_size', sa.Integer(), nullable=True),
    sa.Column('round_seconds', sa.Integer(), nullable=True),
    sa.Column('max_rounds', sa.Integer(), nullable=True),
    sa.Column('recording_retention_days', sa.Integer(), nullable=False),
    sa.Column('record_retention_days', sa.Integer(), nullable=False),
    sa.Column('followup_days', sa.Integer(), nullable=False),
    sa.Column('followup_hour', sa.Integer(), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kommunen')),
    sa.UniqueConstraint('name', name=op.f('uq_kommunen_name'))
    )
    op.create_table('hotline_numbers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kommune_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['kommune_id'], ['kommunen.id'], name=op.f('fk_hotline_numbers_kommune_id_kommunen'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hotline_numbers')),
    sa.UniqueConstraint('number', name=op.f('uq_hotline_numbers_number'))
    )
    op.create_table('staff_users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.Column('kommune_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_login_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['kommune_id'], ['kommunen.id'], name=op.f('fk_staff_users_kommune_id_kommunen')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_users')),
    sa.UniqueConstraint('email', name=op.f('uq_staff_users_email'))
    )
    op.create_table('people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kommune_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('salutation', sa.String(length=10), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('line_type', sa.String(length=10), nullable=False),
    sa.Column('district', sa.String(length=80), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('consent_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('consent_note', sa.String(length=200), nullable=False),
    sa.Column('is_client', sa.Boolean(), nullable=False),
    sa.Column('is_volunteer', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=True),
    sa.Column('status_reason', sa.String(length=200), nullable=False),
    sa.Column('prefers', sa.String(length=4), nullable=True),
    sa.Column('available_days', sa.Integer(), nullable=False),
    sa.Column('available_from', sa.Integer(), nullable=False),
    sa.Column('available_until', sa.Integer(), nullable=False),
    sa.Column('max_open_tasks', sa.Integer(), nullable=False),
    sa.Column('recognized_on', sa.Date(), nullable=True),
    sa.Column('recognition_note', sa.String(length=200), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('erased_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['kommune_id'], ['kommunen.id'], name=op.f('fk_people_kommune_id_kommunen')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people')),
    sa.UniqueConstraint('kommune_id', 'phone', name=op.f('uq_people_kommune_id_phone'))
    )
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_people_kommune_id'), ['kommune_id'], unique=False)
        batch_op.create_index('ix_people_volunteer_pool', ['kommune_id', 'is_volunteer', 'status'], unique=False)
    op.create_table('volunteer_categories',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_volunteer_categories_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', 'category', name=op.f('pk_volunteer_categories'))
    )
    with op.batch_alter_table('volunteer_categories', schema=None) as batch_op:
        batch_op.create_index('ix_volunteer_categories_category', ['category', 'person_id'], unique=False)

    op.create_table('help_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kommune_id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(length=8), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=True),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('when', sa.String(length=10), nullable=False),
    sa.Column('needed_from', sa.Date(), nullable=False),
    sa.Column('needed_until', sa.Date(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('district', sa.String(length=80), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=True),
    sa.Column('caller_name', sa.String(length=200), nullable=False),
    sa.Column('caller_address', sa.String(length=300), nullable=False),
    sa.Column('callback_phone', sa.String(length=20), nullable=True),
    sa.Column('verified_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('verified_by_id', sa.Integer(), nullable=True),
    sa.Column('volunteer_id', sa.Integer(), nullable=True),
    sa.Column('assigned_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('next_round_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('escalated_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('client_notice', sa.String(length=12), nullable=True),
    sa.Column('done_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('cancelled_by', sa.String(length=12), nullable=True),
    sa.Column('followup_due_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('followup_result', sa.String(length=12), nullable=True),
    sa.Column('needs_attention', sa.Boolean(), nullable=False),
    sa.Column('attention_reason', sa.String(length=40), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['people.id'], name=op.f('fk_help_requests_client_id_people')),
    sa.ForeignKeyConstraint(['kommune_id'], ['kommunen.id'], name=op.f('fk_help_requests_kommune_id_kommunen')),
    sa.ForeignKeyConstraint(['verified_by_id'], ['staff_users.id'], name=op.f('fk_help_requests_verified_by_id_staff_users')),
    sa.ForeignKeyConstraint(['volunteer_id'], ['people.id'], name=op.f('fk_help_requests_volunteer_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_help_requests')),
    sa.UniqueConstraint('kommune_id', 'ref', name=op.f('uq_help_requests_kommune_id_ref'))
    )
    with op.batch_alter_table('help_requests', schema=None) as batch_op:
        batch_op.create_index('ix_help_requests_client_status', ['client_id', 'status'], unique=False)
        batch_op.create_index('ix_help_requests_kommune_created', ['kommune_id', 'created_at'], unique=False)
        batch_op.create_index('ix_help_requests_kommune_status', ['kommune_id', 'status'], unique=False)
    op.create_table('request_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('actor', sa.String(length=40), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['help_requests.id'], name=op.f('fk_request_events_request_id_help_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_request_events'))
    )
    with op.batch_alter_table('request_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_request_events_request_id'), ['request_id'], unique=False)
    op.create_table('offers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('volunteer_id', sa.Integer(), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=4), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('error_code', sa.String(length=10), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('responded_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['request_id'], ['help_requests.id'], name=op.f('fk_offers_request_id_help_requests')),
    sa.ForeignKeyConstraint(['volunteer_id'], ['people.id'], name=op.f('fk_offers_volunteer_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offers')),
    sa.UniqueConstraint('request_id', 'volunteer_id', 'round', name=op.f('uq_offers_request_id_volunteer_id_round'))
    )
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offers_request_id'), ['request_id'], unique=False)
        batch_op.create_index('ix_offers_volunteer_created', ['volunteer_id', 'created_at'], unique=False)
    op.create_table('calls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sid', sa.String(length=40), nullable=True),
    sa.Column('kommune_id', sa.Integer(), nullable=True),
    sa.Column('direction', sa.String(length=8), nullable=False),
    sa.Column('purpose', sa.String(length=12), nullable=False),
    sa.Column('from_number', sa.String(length=20), nullable=True),
    sa.Column('to_number', sa.String(length=20), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('offer_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('answered_by', sa.String(length=20), nullable=True),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('state', sa.JSON(), nullable=False),
    sa.Column('needs_callback', sa.Boolean(), nullable=False),
    sa.Column('last_step', sa.String(length=30), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('started_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('duration', sa.Integer(), nullable=True),
    sa.Column('attempt', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['kommune_id'], ['kommunen.id'], name=op.f('fk_calls_kommune_id_kommunen')),
    sa.ForeignKeyConstraint(['offer_id'], ['offers.id'], name=op.f('fk_calls_offer_id_offers')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_calls_person_id_people')),
    sa.ForeignKeyConstraint(['request_id'], ['help_requests.id'], name=op.f('fk_calls_request_id_help_requests')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calls')),
    sa.UniqueConstraint('sid', name=op.f('uq_calls_sid'))
    )
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.create_index('ix_calls_kommune_started', ['kommune_id', 'started_at'], unique=False)
        batch_op.create_index('ix_calls_person_started', ['person_id', 'started_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_calls_request_id'), ['request_id'], unique=False)
    op.create_table('call_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=30), nullable=False),
    sa.Column('digits', sa.String(length=40), nullable=True),
    sa.Column('speech', sa.Text(), nullable=True),
    sa.Column('confidence', sa.Double(), nullable=True),
    sa.Column('next_step', sa.String(length=30), nullable=False),
    sa.Column('response', sa.Text(), nullable=False),
    sa.Column('at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('elapsed_ms', sa.Double(), nullable=True),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_call_events_call_id_calls'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_events')),
    sa.UniqueConstraint('call_id', 'seq', name=op.f('uq_call_events_call_id_seq'))
    )
    op.create_table('recordings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('sid', sa.String(length=40), nullable=False),
    sa.Column('url', sa.String(length=300), nullable=False),
    sa.Column('purpose', sa.String(length=12), nullable=False),
    sa.Column('duration', sa.Integer(), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_recordings_call_id_calls')),
    sa.ForeignKeyConstraint(['request_id'], ['help_requests.id'], name=op.f('fk_recordings_request_id_help_requests')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recordings')),
    sa.UniqueConstraint('sid', name=op.f('uq_recordings_sid'))
    )
    with op.batch_alter_table('recordings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recordings_call_id'), ['call_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_recordings_request_id'), ['request_id'], unique=False)
    op.create_table('messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sid', sa.String(length=40), nullable=True),
    sa.Column('kommune_id', sa.Integer(), nullable=True),
    sa.Column('direction', sa.String(length=8), nullable=False),
    sa.Column('from_number', sa.String(length=20), nullable=True),
    sa.Column('to_number', sa.String(length=20), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('offer_id', sa.Integer(), nullable=True),
    sa.Column('purpose', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('error_code', sa.String(length=10), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['kommune_id'], ['kommunen.id'], name=op.f('fk_messages_kommune_id_kommunen')),
    sa.ForeignKeyConstraint(['offer_id'], ['offers.id'], name=op.f('fk_messages_offer_id_offers')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_messages_person_id_people')),
    sa.ForeignKeyConstraint(['request_id'], ['help_requests.id'], name=op.f('fk_messages_request_id_help_requests')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_messages')),
    sa.UniqueConstraint('sid', name=op.f('uq_messages_sid'))
    )
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.create_index('ix_messages_kommune_created', ['kommune_id', 'created_at'], unique=False)
        batch_op.create_index('ix_messages_person_created', ['person_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_messages_request_id'), ['request_id'], unique=False)
    op.create_table('outcomes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('reported_by', sa.String(length=12), nullable=False),
    sa.Column('staff_user_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['help_requests.id'], name=op.f('fk_outcomes_request_id_help_requests')),
    sa.ForeignKeyConstraint(['staff_user_id'], ['staff_users.id'], name=op.f('fk_outcomes_staff_user_id_staff_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcomes'))
    )
    with op.batch_alter_table('outcomes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcomes_request_id'), ['request_id'], unique=False)
    op.create_table('audit_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('staff_user_id', sa.Integer(), nullable=True),
    sa.Column('kommune_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('subject_type', sa.String(length=20), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['kommune_id'], ['kommunen.id'], name=op.f('fk_audit_entries_kommune_id_kommunen')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_audit_entries_person_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['staff_user_id'], ['staff_users.id'], name=op.f('fk_audit_entries_staff_user_id_staff_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entries'))
    )
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index('ix_audit_entries_kommune_at', ['kommune_id', 'at'], unique=False)
        batch_op.create_index('ix_audit_entries_person_at', ['person_id', 'at'], unique=False)
    op.create_table('tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('ref_id', sa.Integer(), nullable=True),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('due_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('state', sa.String(length=8), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('max_attempts', sa.Integer(), nullable=False),
    sa.Column('claimed_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('finished_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tasks')),
    sa.UniqueConstraint('key', name=op.f('uq_tasks_key'))
    )
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.create_index('ix_tasks_state_due', ['state', 'due_at'], unique=False)

    with op.batch_alter_table('help_requests') as batch_op:
        batch_op.create_foreign_key(
            op.f('fk_help_requests_call_id_calls'), 'calls', ['call_id'], ['id']
        )


def downgrade() -> None:
    with op.batch_alter_table('help_requests') as batch_op:
        batch_op.drop_constraint(op.f('fk_help_requests_call_id_calls'), type_='foreignkey')
    for table in (
        'tasks', 'audit_entries', 'outcomes', 'messages', 'recordings', 'call_events', 'calls',
        'offers', 'request_events', 'help_requests', 'volunteer_categories', 'people',
        'staff_users', 'hotline_numbers', 'kommunen',
    ):
        op.drop_table(table)
