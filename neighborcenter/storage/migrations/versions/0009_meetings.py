"""meetings: consultation meetings' topics and their steps, meetings, participants, agenda
items with their votes and decisions, views, amendments, public notices and objections,
follow-up tasks, their updates and evaluations (features/meetings/models.py)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01

Only new tables.
"""
import sqlalchemy as sa
from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('meetings',
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.Enum('residents', 'representatives', 'council', 'four_party', 'joint', 'other', name='meetingtype', native_enum=False, length=32), nullable=False),
    sa.Column('kind_name', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=True),
    sa.Column('place', sa.String(length=120), nullable=False),
    sa.Column('convenor', sa.String(length=60), nullable=False),
    sa.Column('facilitator', sa.String(length=120), nullable=False),
    sa.Column('recorder', sa.String(length=60), nullable=False),
    sa.Column('notice_days', sa.Integer(), nullable=False),
    sa.Column('notice_posted_on', sa.Date(), nullable=True),
    sa.Column('quorum_kind', sa.Enum('more_than_half', 'two_thirds', 'custom', name='quorumkind', native_enum=False, length=32), nullable=False),
    sa.Column('quorum_num', sa.Integer(), nullable=True),
    sa.Column('quorum_den', sa.Integer(), nullable=True),
    sa.Column('quorum_more_than', sa.Boolean(), nullable=True),
    sa.Column('decision_kind', sa.Enum('majority_of_present', 'majority_of_votes_cast', 'two_thirds_of_present', 'custom', name='decisionkind', native_enum=False, length=32), nullable=False),
    sa.Column('decision_basis', sa.Enum('present', 'votes_cast', name='basis', native_enum=False, length=32), nullable=True),
    sa.Column('decision_num', sa.Integer(), nullable=True),
    sa.Column('decision_den', sa.Integer(), nullable=True),
    sa.Column('decision_more_than', sa.Boolean(), nullable=True),
    sa.Column('entitled', sa.Integer(), nullable=True),
    sa.Column('held', sa.Boolean(), nullable=False),
    sa.Column('cancelled_reason', sa.Text(), nullable=False),
    sa.Column('minutes_state', sa.Enum('draft', 'approved', name='minutesstate', native_enum=False, length=32), nullable=False),
    sa.Column('approved_by', sa.String(length=64), nullable=False),
    sa.Column('approved_at', sa.DateTime(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.String(length=64), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings')),
    sa.UniqueConstraint('number', name=op.f('uq_meetings_number'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_starts_at'), ['starts_at'], unique=False)

    op.create_table('meeting_participants',
    sa.Column('meeting_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('resident_id', sa.String(length=36), nullable=True),
    sa.Column('side', sa.Enum('leading', 'residents', 'resources', 'professional', 'plus_one', 'other', name='side', native_enum=False, length=32), nullable=False),
    sa.Column('role', sa.Enum('voting', 'observer', name='participantrole', native_enum=False, length=32), nullable=False),
    sa.Column('organisation', sa.String(length=120), nullable=False),
    sa.Column('invited', sa.Boolean(), nullable=False),
    sa.Column('attended', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_participants_meeting_id_meetings')),
    sa.ForeignKeyConstraint(['resident_id'], ['residents.id'], name=op.f('fk_meeting_participants_resident_id_residents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_participants'))
    )
    with op.batch_alter_table('meeting_participants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_participants_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_participants_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_participants_resident_id'), ['resident_id'], unique=False)

    op.create_table('meeting_topics',
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('category', sa.Enum('environment', 'repairs', 'parking', 'public_funds', 'safety', 'disputes', 'other', name='topiccategory', native_enum=False, length=32), nullable=False),
    sa.Column('source', sa.Enum('residents', 'committee', 'owners', 'property', 'social_org', 'other', name='topicsource', native_enum=False, length=32), nullable=False),
    sa.Column('proposer', sa.String(length=60), nullable=False),
    sa.Column('proposer_resident_id', sa.String(length=36), nullable=True),
    sa.Column('signed', sa.Boolean(), nullable=False),
    sa.Column('supporters', sa.Integer(), nullable=False),
    sa.Column('proposed_on', sa.Date(), nullable=False),
    sa.Column('stage', sa.Enum('collected', 'accepted', 'declined', 'scheduled', 'deliberated', 'voted', 'posted', 'implementing', 'evaluated', 'archived', name='topicstage', native_enum=False, length=32), nullable=False),
    sa.Column('recorded_by', sa.String(length=64), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['proposer_resident_id'], ['residents.id'], name=op.f('fk_meeting_topics_proposer_resident_id_residents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_topics')),
    sa.UniqueConstraint('number', name=op.f('uq_meeting_topics_number'))
    )
    with op.batch_alter_table('meeting_topics', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_topics_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_topics_proposer_resident_id'), ['proposer_resident_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_topics_stage'), ['stage'], unique=False)

    op.create_table('meeting_items',
    sa.Column('meeting_id', sa.String(length=36), nullable=False),
    sa.Column('topic_id', sa.String(length=36), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('minutes_planned', sa.Integer(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('motion', sa.Text(), nullable=False),
    sa.Column('vote_method', sa.Enum('hands', 'ballot', name='votemethod', native_enum=False, length=32), nullable=True),
    sa.Column('present_voting', sa.Integer(), nullable=True),
    sa.Column('votes_for', sa.Integer(), nullable=True),
    sa.Column('votes_against', sa.Integer(), nullable=True),
    sa.Column('votes_abstain', sa.Integer(), nullable=True),
    sa.Column('counter', sa.String(length=60), nullable=False),
    sa.Column('scrutineer', sa.String(length=60), nullable=False),
    sa.Column('passed', sa.Boolean(), nullable=True),
    sa.Column('decision', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_items_meeting_id_meetings')),
    sa.ForeignKeyConstraint(['topic_id'], ['meeting_topics.id'], name=op.f('fk_meeting_items_topic_id_meeting_topics')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_items'))
    )
    with op.batch_alter_table('meeting_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_items_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_items_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_items_topic_id'), ['topic_id'], unique=False)

    op.create_table('meeting_topic_steps',
    sa.Column('topic_id', sa.String(length=36), nullable=False),
    sa.Column('from_stage', sa.Enum('collected', 'accepted', 'declined', 'scheduled', 'deliberated', 'voted', 'posted', 'implementing', 'evaluated', 'archived', name='topicstage', native_enum=False, length=32), nullable=True),
    sa.Column('to_stage', sa.Enum('collected', 'accepted', 'declined', 'scheduled', 'deliberated', 'voted', 'posted', 'implementing', 'evaluated', 'archived', name='topicstage', native_enum=False, length=32), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('by', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('meeting_id', sa.String(length=36), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_topic_steps_meeting_id_meetings')),
    sa.ForeignKeyConstraint(['topic_id'], ['meeting_topics.id'], name=op.f('fk_meeting_topic_steps_topic_id_meeting_topics')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_topic_steps'))
    )
    with op.batch_alter_table('meeting_topic_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_topic_steps_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_topic_steps_topic_id'), ['topic_id'], unique=False)

    op.create_table('meeting_amendments',
    sa.Column('meeting_id', sa.String(length=36), nullable=False),
    sa.Column('item_id', sa.String(length=36), nullable=True),
    sa.Column('correction', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('by', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['meeting_items.id'], name=op.f('fk_meeting_amendments_item_id_meeting_items')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_amendments_meeting_id_meetings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_amendments'))
    )
    with op.batch_alter_table('meeting_amendments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_amendments_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_amendments_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('meeting_evaluations',
    sa.Column('item_id', sa.String(length=36), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('satisfied', sa.Integer(), nullable=False),
    sa.Column('fairly', sa.Integer(), nullable=False),
    sa.Column('dissatisfied', sa.Integer(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('by', sa.String(length=64), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['meeting_items.id'], name=op.f('fk_meeting_evaluations_item_id_meeting_items')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_evaluations'))
    )
    with op.batch_alter_table('meeting_evaluations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_evaluations_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_evaluations_item_id'), ['item_id'], unique=False)

    op.create_table('meeting_notices',
    sa.Column('item_id', sa.String(length=36), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('objections_to', sa.String(length=200), nullable=False),
    sa.Column('posted_by', sa.String(length=64), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['meeting_items.id'], name=op.f('fk_meeting_notices_item_id_meeting_items')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_notices'))
    )
    with op.batch_alter_table('meeting_notices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_notices_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_notices_item_id'), ['item_id'], unique=False)

    op.create_table('meeting_tasks',
    sa.Column('item_id', sa.String(length=36), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('owner', sa.String(length=60), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('open', 'in_progress', 'done', 'overdue', name='followupstate', native_enum=False, length=32), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['meeting_items.id'], name=op.f('fk_meeting_tasks_item_id_meeting_items')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_tasks'))
    )
    with op.batch_alter_table('meeting_tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_tasks_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_tasks_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_tasks_item_id'), ['item_id'], unique=False)

    op.create_table('meeting_views',
    sa.Column('item_id', sa.String(length=36), nullable=False),
    sa.Column('speaker', sa.String(length=60), nullable=False),
    sa.Column('side', sa.Enum('leading', 'residents', 'resources', 'professional', 'plus_one', 'other', name='side', native_enum=False, length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('minority', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['meeting_items.id'], name=op.f('fk_meeting_views_item_id_meeting_items')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_views'))
    )
    with op.batch_alter_table('meeting_views', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_views_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_views_item_id'), ['item_id'], unique=False)

    op.create_table('meeting_objections',
    sa.Column('notice_id', sa.String(length=36), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('from_name', sa.String(length=60), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('rehearing', sa.Boolean(), nullable=False),
    sa.Column('recorded_by', sa.String(length=64), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['notice_id'], ['meeting_notices.id'], name=op.f('fk_meeting_objections_notice_id_meeting_notices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_objections'))
    )
    with op.batch_alter_table('meeting_objections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_objections_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_objections_notice_id'), ['notice_id'], unique=False)

    op.create_table('meeting_task_updates',
    sa.Column('task_id', sa.String(length=36), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('by', sa.String(length=64), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['task_id'], ['meeting_tasks.id'], name=op.f('fk_meeting_task_updates_task_id_meeting_tasks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_task_updates'))
    )
    with op.batch_alter_table('meeting_task_updates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_task_updates_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_task_updates_task_id'), ['task_id'], unique=False)



def downgrade() -> None:
    raise NotImplementedError("Schema downgrades are not supported: restore a backup instead.")
