"""visits: the elder visit list, visiting pairs, plans and festival campaigns, major
changes, visits with their visitors and follow-ups (features/visits/models.py)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

Only new tables: nothing that exists changes.
"""
import sqlalchemy as sa
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('visit_campaigns',
    sa.Column('festival', sa.String(length=20), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('festival_on', sa.Date(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('gift', sa.String(length=200), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_campaigns')),
    sa.UniqueConstraint('festival', 'year', name=op.f('uq_visit_campaigns_festival'))
    )
    with op.batch_alter_table('visit_campaigns', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_campaigns_change_seq'), ['change_seq'], unique=False)

    op.create_table('visit_major_changes',
    sa.Column('resident_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.Enum('discharged', 'bereaved', 'fall', 'weather', 'other', name='changekind', native_enum=False, length=32), nullable=False),
    sa.Column('happened_at', sa.DateTime(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('reported_by', sa.String(length=64), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['resident_id'], ['residents.id'], name=op.f('fk_visit_major_changes_resident_id_residents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_major_changes'))
    )
    with op.batch_alter_table('visit_major_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_major_changes_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_major_changes_resident_id'), ['resident_id'], unique=False)

    op.create_table('visits',
    sa.Column('resident_id', sa.String(length=36), nullable=False),
    sa.Column('visited_at', sa.DateTime(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('method', sa.Enum('home', 'phone', 'video', name='method', native_enum=False, length=32), nullable=False),
    sa.Column('health', sa.String(length=200), nullable=False),
    sa.Column('health_notes', sa.Text(), nullable=False),
    sa.Column('economy', sa.String(length=200), nullable=False),
    sa.Column('economy_notes', sa.Text(), nullable=False),
    sa.Column('family', sa.String(length=200), nullable=False),
    sa.Column('family_notes', sa.Text(), nullable=False),
    sa.Column('safety', sa.String(length=200), nullable=False),
    sa.Column('safety_notes', sa.Text(), nullable=False),
    sa.Column('needs', sa.String(length=200), nullable=False),
    sa.Column('needs_notes', sa.Text(), nullable=False),
    sa.Column('hazards', sa.Text(), nullable=False),
    sa.Column('emergency', sa.Boolean(), nullable=False),
    sa.Column('emergency_notes', sa.Text(), nullable=False),
    sa.Column('emergency_closed_on', sa.Date(), nullable=True),
    sa.Column('signed_by', sa.String(length=60), nullable=False),
    sa.Column('from_paper', sa.Boolean(), nullable=False),
    sa.Column('activity_id', sa.String(length=36), nullable=True),
    sa.Column('recorded_by', sa.String(length=64), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['activity_id'], ['volunteer_activities.id'], name=op.f('fk_visits_activity_id_volunteer_activities')),
    sa.ForeignKeyConstraint(['resident_id'], ['residents.id'], name=op.f('fk_visits_resident_id_residents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visits'))
    )
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visits_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_visits_resident_id'), ['resident_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visits_visited_at'), ['visited_at'], unique=False)

    op.create_table('visit_follow_ups',
    sa.Column('visit_id', sa.String(length=36), nullable=False),
    sa.Column('resident_id', sa.String(length=36), nullable=False),
    sa.Column('area', sa.String(length=20), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('owner', sa.String(length=60), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('open', 'done', 'cancelled', name='followupstatus', native_enum=False, length=32), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('closed_by', sa.String(length=64), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['resident_id'], ['residents.id'], name=op.f('fk_visit_follow_ups_resident_id_residents')),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_visit_follow_ups_visit_id_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_follow_ups'))
    )
    with op.batch_alter_table('visit_follow_ups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_follow_ups_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_follow_ups_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_follow_ups_resident_id'), ['resident_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_follow_ups_visit_id'), ['visit_id'], unique=False)

    op.create_table('visit_pairs',
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('first_volunteer_id', sa.String(length=36), nullable=True),
    sa.Column('second_volunteer_id', sa.String(length=36), nullable=True),
    sa.Column('staff_username', sa.String(length=64), nullable=True),
    sa.Column('substitute_volunteer_id', sa.String(length=36), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['first_volunteer_id'], ['volunteers.id'], name=op.f('fk_visit_pairs_first_volunteer_id_volunteers')),
    sa.ForeignKeyConstraint(['second_volunteer_id'], ['volunteers.id'], name=op.f('fk_visit_pairs_second_volunteer_id_volunteers')),
    sa.ForeignKeyConstraint(['substitute_volunteer_id'], ['volunteers.id'], name=op.f('fk_visit_pairs_substitute_volunteer_id_volunteers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_pairs')),
    sa.UniqueConstraint('name', name=op.f('uq_visit_pairs_name'))
    )
    with op.batch_alter_table('visit_pairs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_pairs_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_pairs_first_volunteer_id'), ['first_volunteer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_pairs_second_volunteer_id'), ['second_volunteer_id'], unique=False)

    op.create_table('visit_visitors',
    sa.Column('visit_id', sa.String(length=36), nullable=False),
    sa.Column('volunteer_id', sa.String(length=36), nullable=True),
    sa.Column('staff_username', sa.String(length=64), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_visit_visitors_visit_id_visits')),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteers.id'], name=op.f('fk_visit_visitors_volunteer_id_volunteers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_visitors'))
    )
    with op.batch_alter_table('visit_visitors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_visitors_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_visitors_visit_id'), ['visit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_visitors_volunteer_id'), ['volunteer_id'], unique=False)

    op.create_table('visit_elders',
    sa.Column('resident_id', sa.String(length=36), nullable=False),
    sa.Column('reasons', sa.String(length=200), nullable=False),
    sa.Column('willing', sa.Enum('yes', 'no', 'unknown', name='willing', native_enum=False, length=32), nullable=False),
    sa.Column('willing_on', sa.Date(), nullable=True),
    sa.Column('tier', sa.Enum('high', 'priority', 'general', name='tier', native_enum=False, length=32), nullable=False),
    sa.Column('tier_reason', sa.Text(), nullable=False),
    sa.Column('pair_id', sa.String(length=36), nullable=True),
    sa.Column('since', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('end_reason', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['pair_id'], ['visit_pairs.id'], name=op.f('fk_visit_elders_pair_id_visit_pairs')),
    sa.ForeignKeyConstraint(['resident_id'], ['residents.id'], name=op.f('fk_visit_elders_resident_id_residents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_elders'))
    )
    with op.batch_alter_table('visit_elders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_elders_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_elders_pair_id'), ['pair_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_elders_resident_id'), ['resident_id'], unique=False)

    op.create_table('visit_plans',
    sa.Column('resident_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.Enum('routine', 'festival', 'urgent', name='plankind', native_enum=False, length=32), nullable=False),
    sa.Column('period', sa.String(length=40), nullable=False),
    sa.Column('campaign_id', sa.String(length=36), nullable=True),
    sa.Column('change_id', sa.String(length=36), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('closes_on', sa.Date(), nullable=False),
    sa.Column('pair_id', sa.String(length=36), nullable=True),
    sa.Column('tier', sa.Enum('high', 'priority', 'general', name='tier', native_enum=False, length=32), nullable=False),
    sa.Column('visit_id', sa.String(length=36), nullable=True),
    sa.Column('cancelled_on', sa.Date(), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['campaign_id'], ['visit_campaigns.id'], name=op.f('fk_visit_plans_campaign_id_visit_campaigns')),
    sa.ForeignKeyConstraint(['change_id'], ['visit_major_changes.id'], name=op.f('fk_visit_plans_change_id_visit_major_changes')),
    sa.ForeignKeyConstraint(['pair_id'], ['visit_pairs.id'], name=op.f('fk_visit_plans_pair_id_visit_pairs')),
    sa.ForeignKeyConstraint(['resident_id'], ['residents.id'], name=op.f('fk_visit_plans_resident_id_residents')),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_visit_plans_visit_id_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_plans'))
    )
    with op.batch_alter_table('visit_plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_plans_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_plans_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_plans_pair_id'), ['pair_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_plans_period'), ['period'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_plans_resident_id'), ['resident_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_plans_visit_id'), ['visit_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('visit_plans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_plans_visit_id'))
        batch_op.drop_index(batch_op.f('ix_visit_plans_resident_id'))
        batch_op.drop_index(batch_op.f('ix_visit_plans_period'))
        batch_op.drop_index(batch_op.f('ix_visit_plans_pair_id'))
        batch_op.drop_index(batch_op.f('ix_visit_plans_due_on'))
        batch_op.drop_index(batch_op.f('ix_visit_plans_change_seq'))

    op.drop_table('visit_plans')
    with op.batch_alter_table('visit_elders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_elders_resident_id'))
        batch_op.drop_index(batch_op.f('ix_visit_elders_pair_id'))
        batch_op.drop_index(batch_op.f('ix_visit_elders_change_seq'))

    op.drop_table('visit_elders')
    with op.batch_alter_table('visit_visitors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_visitors_volunteer_id'))
        batch_op.drop_index(batch_op.f('ix_visit_visitors_visit_id'))
        batch_op.drop_index(batch_op.f('ix_visit_visitors_change_seq'))

    op.drop_table('visit_visitors')
    with op.batch_alter_table('visit_pairs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_pairs_second_volunteer_id'))
        batch_op.drop_index(batch_op.f('ix_visit_pairs_first_volunteer_id'))
        batch_op.drop_index(batch_op.f('ix_visit_pairs_change_seq'))

    op.drop_table('visit_pairs')
    with op.batch_alter_table('visit_follow_ups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_follow_ups_visit_id'))
        batch_op.drop_index(batch_op.f('ix_visit_follow_ups_resident_id'))
        batch_op.drop_index(batch_op.f('ix_visit_follow_ups_due_on'))
        batch_op.drop_index(batch_op.f('ix_visit_follow_ups_change_seq'))

    op.drop_table('visit_follow_ups')
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visits_visited_at'))
        batch_op.drop_index(batch_op.f('ix_visits_resident_id'))
        batch_op.drop_index(batch_op.f('ix_visits_change_seq'))

    op.drop_table('visits')
    with op.batch_alter_table('visit_major_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_major_changes_resident_id'))
        batch_op.drop_index(batch_op.f('ix_visit_major_changes_change_seq'))

    op.drop_table('visit_major_changes')
    with op.batch_alter_table('visit_campaigns', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_campaigns_change_seq'))

    op.drop_table('visit_campaigns')
