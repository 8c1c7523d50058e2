"""volunteers: the record, teams, background checks, activities, hours, corrections,
certificates and the points ledger

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30

New tables only (features/volunteers/models.py). The ledger's transactions and entries are
append-only: triggers refuse UPDATE and DELETE, as on the audit log.
"""
import sqlalchemy as sa
from alembic import op

from neighborcenter.storage.migrations.sql import LEDGER_TRIGGERS

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('points_transactions',
    sa.Column('kind', sa.Enum('earn', 'redeem', 'adjust', 'expire', 'reverse', 'donate', name='entrykind', native_enum=False, length=32), nullable=False),
    sa.Column('request_key', sa.String(length=120), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('reverses_id', sa.String(length=36), nullable=True),
    sa.Column('source', sa.String(length=80), nullable=True),
    sa.Column('recorded_by', sa.String(length=64), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['reverses_id'], ['points_transactions.id'], name=op.f('fk_points_transactions_reverses_id_points_transactions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_points_transactions')),
    sa.UniqueConstraint('request_key', name=op.f('uq_points_transactions_request_key')),
    sa.UniqueConstraint('reverses_id', name=op.f('uq_points_transactions_reverses_id'))
    )
    with op.batch_alter_table('points_transactions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_points_transactions_change_seq'), ['change_seq'], unique=False)

    op.create_table('volunteer_teams',
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('category', sa.Enum('elder_care', 'children', 'environment', 'safety', 'mediation', 'shop', 'culture', 'other', name='servicecategory', native_enum=False, length=32), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('works_with_children', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteer_teams')),
    sa.UniqueConstraint('name', name=op.f('uq_volunteer_teams_name'))
    )
    with op.batch_alter_table('volunteer_teams', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_volunteer_teams_change_seq'), ['change_seq'], unique=False)

    op.create_table('volunteer_activities',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('category', sa.Enum('elder_care', 'children', 'environment', 'safety', 'mediation', 'shop', 'culture', 'other', name='servicecategory', native_enum=False, length=32), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('organiser', sa.String(length=100), nullable=False),
    sa.Column('person_in_charge', sa.String(length=60), nullable=False),
    sa.Column('team_id', sa.String(length=36), nullable=True),
    sa.Column('cap_minutes', sa.Integer(), nullable=True),
    sa.Column('points_per_hour', sa.Integer(), nullable=False),
    sa.Column('recorded_by', sa.String(length=64), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['team_id'], ['volunteer_teams.id'], name=op.f('fk_volunteer_activities_team_id_volunteer_teams')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteer_activities'))
    )
    with op.batch_alter_table('volunteer_activities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_volunteer_activities_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_volunteer_activities_on'), ['on'], unique=False)
        batch_op.create_index(batch_op.f('ix_volunteer_activities_team_id'), ['team_id'], unique=False)

    op.create_table('volunteers',
    sa.Column('number', sa.String(length=8), nullable=False),
    sa.Column('resident_id', sa.String(length=36), nullable=True),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('sex', sa.Enum('M', 'F', name='sex', native_enum=False, length=32), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('id_type', sa.Enum('resident_card', 'hmt_permit', 'passport', 'other', name='idtype', native_enum=False, length=32), nullable=True),
    sa.Column('id_number', sa.String(length=40), nullable=True),
    sa.Column('area', sa.String(length=100), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('organisation', sa.String(length=100), nullable=False),
    sa.Column('skills', sa.Text(), nullable=False),
    sa.Column('categories', sa.String(length=200), nullable=False),
    sa.Column('entered_by', sa.Enum('volunteer', 'staff', name='enteredby', native_enum=False, length=32), nullable=False),
    sa.Column('consent_on', sa.Date(), nullable=False),
    sa.Column('joined_on', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('active', 'paused', 'left', name='volunteerstatus', native_enum=False, length=32), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['resident_id'], ['residents.id'], name=op.f('fk_volunteers_resident_id_residents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteers')),
    sa.UniqueConstraint('number', name=op.f('uq_volunteers_number'))
    )
    with op.batch_alter_table('volunteers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_volunteers_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_volunteers_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_volunteers_resident_id'), ['resident_id'], unique=False)

    op.create_table('points_accounts',
    sa.Column('volunteer_id', sa.String(length=36), nullable=True),
    sa.Column('centre_account', sa.String(length=32), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteers.id'], name=op.f('fk_points_accounts_volunteer_id_volunteers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_points_accounts')),
    sa.UniqueConstraint('centre_account', name=op.f('uq_points_accounts_centre_account')),
    sa.UniqueConstraint('volunteer_id', name=op.f('uq_points_accounts_volunteer_id'))
    )
    with op.batch_alter_table('points_accounts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_points_accounts_change_seq'), ['change_seq'], unique=False)

    op.create_table('volunteer_background_checks',
    sa.Column('volunteer_id', sa.String(length=36), nullable=False),
    sa.Column('checked_on', sa.Date(), nullable=False),
    sa.Column('result', sa.Enum('clear', 'disqualified', name='checkresult', native_enum=False, length=32), nullable=False),
    sa.Column('reference', sa.String(length=100), nullable=False),
    sa.Column('recorded_by', sa.String(length=64), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteers.id'], name=op.f('fk_volunteer_background_checks_volunteer_id_volunteers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteer_background_checks'))
    )
    with op.batch_alter_table('volunteer_background_checks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_volunteer_background_checks_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_volunteer_background_checks_volunteer_id'), ['volunteer_id'], unique=False)

    op.create_table('volunteer_certificates',
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('volunteer_id', sa.String(length=36), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('period_from', sa.Date(), nullable=True),
    sa.Column('period_to', sa.Date(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('activities', sa.Integer(), nullable=False),
    sa.Column('issued_by', sa.String(length=64), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteers.id'], name=op.f('fk_volunteer_certificates_volunteer_id_volunteers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteer_certificates')),
    sa.UniqueConstraint('number', name=op.f('uq_volunteer_certificates_number'))
    )
    with op.batch_alter_table('volunteer_certificates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_volunteer_certificates_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_volunteer_certificates_volunteer_id'), ['volunteer_id'], unique=False)

    op.create_table('volunteer_records',
    sa.Column('volunteer_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.Enum('training', 'award', 'evaluation', name='recordkind', native_enum=False, length=32), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('stars', sa.Integer(), nullable=True),
    sa.Column('minutes', sa.Integer(), nullable=True),
    sa.Column('recorded_by', sa.String(length=64), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteers.id'], name=op.f('fk_volunteer_records_volunteer_id_volunteers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteer_records'))
    )
    with op.batch_alter_table('volunteer_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_volunteer_records_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_volunteer_records_volunteer_id'), ['volunteer_id'], unique=False)

    op.create_table('volunteer_service_records',
    sa.Column('activity_id', sa.String(length=36), nullable=False),
    sa.Column('volunteer_id', sa.String(length=36), nullable=False),
    sa.Column('checked_in_at', sa.DateTime(), nullable=True),
    sa.Column('checked_out_at', sa.DateTime(), nullable=True),
    sa.Column('raw_minutes', sa.Integer(), nullable=True),
    sa.Column('minutes', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('pending', 'approved', 'declined', name='hoursstatus', native_enum=False, length=32), nullable=False),
    sa.Column('decided_by', sa.String(length=64), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decline_reason', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.String(length=64), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['activity_id'], ['volunteer_activities.id'], name=op.f('fk_volunteer_service_records_activity_id_volunteer_activities')),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteers.id'], name=op.f('fk_volunteer_service_records_volunteer_id_volunteers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteer_service_records')),
    sa.UniqueConstraint('activity_id', 'volunteer_id', name=op.f('uq_volunteer_service_records_activity_id'))
    )
    with op.batch_alter_table('volunteer_service_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_volunteer_service_records_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_volunteer_service_records_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_volunteer_service_records_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_volunteer_service_records_volunteer_id'), ['volunteer_id'], unique=False)

    op.create_table('volunteer_team_members',
    sa.Column('team_id', sa.String(length=36), nullable=False),
    sa.Column('volunteer_id', sa.String(length=36), nullable=False),
    sa.Column('role', sa.Enum('leader', 'member', name='teamrole', native_enum=False, length=32), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['team_id'], ['volunteer_teams.id'], name=op.f('fk_volunteer_team_members_team_id_volunteer_teams')),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteers.id'], name=op.f('fk_volunteer_team_members_volunteer_id_volunteers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteer_team_members'))
    )
    with op.batch_alter_table('volunteer_team_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_volunteer_team_members_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_volunteer_team_members_team_id'), ['team_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_volunteer_team_members_volunteer_id'), ['volunteer_id'], unique=False)

    op.create_table('points_entries',
    sa.Column('transaction_id', sa.String(length=36), nullable=False),
    sa.Column('account_id', sa.String(length=36), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['points_accounts.id'], name=op.f('fk_points_entries_account_id_points_accounts')),
    sa.ForeignKeyConstraint(['transaction_id'], ['points_transactions.id'], name=op.f('fk_points_entries_transaction_id_points_transactions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_points_entries'))
    )
    with op.batch_alter_table('points_entries', schema=None) as batch_op:
        batch_op.create_index('ix_points_entries_account_amount', ['account_id', 'amount'], unique=False)
        batch_op.create_index(batch_op.f('ix_points_entries_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_points_entries_transaction_id'), ['transaction_id'], unique=False)

    op.create_table('volunteer_hours_corrections',
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('requested_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('old_minutes', sa.Integer(), nullable=False),
    sa.Column('asked_minutes', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('requested', 'accepted', 'refused', name='correctionstatus', native_enum=False, length=32), nullable=False),
    sa.Column('checked_by', sa.String(length=64), nullable=True),
    sa.Column('checked_at', sa.DateTime(), nullable=True),
    sa.Column('check_note', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.String(length=64), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['record_id'], ['volunteer_service_records.id'], name=op.f('fk_volunteer_hours_corrections_record_id_volunteer_service_records')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteer_hours_corrections'))
    )
    with op.batch_alter_table('volunteer_hours_corrections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_volunteer_hours_corrections_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_volunteer_hours_corrections_record_id'), ['record_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_volunteer_hours_corrections_status'), ['status'], unique=False)
    for stmt in LEDGER_TRIGGERS:
        op.execute(stmt)


def downgrade() -> None:
    raise NotImplementedError("Schema downgrades are not supported: restore a backup instead.")
