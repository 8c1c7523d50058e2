"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23

Tables of the foundation and the core of the resident register. The audit log is made
append-only by triggers (the check command re-creates them if they go missing).
"""
import sqlalchemy as sa
from alembic import op

from neighborcenter.storage.migrations.sql import AUDIT_TRIGGERS

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('accounts',
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=64), nullable=False),
    sa.Column('role', sa.Enum('admin', 'social_worker', 'shop_volunteer', name='role', native_enum=False, length=32), nullable=False),
    sa.Column('passphrase_hash', sa.String(length=200), nullable=False),
    sa.Column('large_print', sa.Boolean(), nullable=False),
    sa.Column('last_login_at', sa.DateTime(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accounts')),
    sa.UniqueConstraint('username', name=op.f('uq_accounts_username'))
    )
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_accounts_change_seq'), ['change_seq'], unique=False)

    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('account_id', sa.String(length=36), nullable=True),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('target_kind', sa.String(length=32), nullable=True),
    sa.Column('target_id', sa.String(length=36), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_target_id'), ['target_id'], unique=False)

    op.create_table('centres',
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('community', sa.String(length=100), nullable=False),
    sa.Column('street', sa.String(length=100), nullable=False),
    sa.Column('district', sa.String(length=100), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centres'))
    )
    with op.batch_alter_table('centres', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_centres_change_seq'), ['change_seq'], unique=False)

    op.create_table('change_counter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_change_counter'))
    )
    op.create_table('estates',
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_estates')),
    sa.UniqueConstraint('name', name=op.f('uq_estates_name'))
    )
    with op.batch_alter_table('estates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_estates_change_seq'), ['change_seq'], unique=False)

    op.create_table('settings',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )
    op.create_table('tag_types',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('has_grade', sa.Boolean(), nullable=False),
    sa.Column('builtin', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tag_types')),
    sa.UniqueConstraint('code', name=op.f('uq_tag_types_code'))
    )
    with op.batch_alter_table('tag_types', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tag_types_change_seq'), ['change_seq'], unique=False)

    op.create_table('buildings',
    sa.Column('estate_id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('floors', sa.Integer(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['estate_id'], ['estates.id'], name=op.f('fk_buildings_estate_id_estates')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_buildings')),
    sa.UniqueConstraint('estate_id', 'number', name=op.f('uq_buildings_estate_id'))
    )
    with op.batch_alter_table('buildings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_buildings_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_buildings_estate_id'), ['estate_id'], unique=False)

    op.create_table('dwellings',
    sa.Column('building_id', sa.String(length=36), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('floor', sa.Integer(), nullable=True),
    sa.Column('room', sa.String(length=20), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['building_id'], ['buildings.id'], name=op.f('fk_dwellings_building_id_buildings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dwellings')),
    sa.UniqueConstraint('building_id', 'unit', 'room', name=op.f('uq_dwellings_building_id'))
    )
    with op.batch_alter_table('dwellings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dwellings_building_id'), ['building_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dwellings_change_seq'), ['change_seq'], unique=False)

    op.create_table('households',
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('dwelling_id', sa.String(length=36), nullable=True),
    sa.Column('head_id', sa.String(length=36), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['dwelling_id'], ['dwellings.id'], name=op.f('fk_households_dwelling_id_dwellings')),
    sa.ForeignKeyConstraint(['head_id'], ['residents.id'], name=op.f('fk_households_head_id_residents'), use_alter=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_households')),
    sa.UniqueConstraint('number', name=op.f('uq_households_number'))
    )
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_households_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_households_dwelling_id'), ['dwelling_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_households_head_id'), ['head_id'], unique=False)

    op.create_table('residents',
    sa.Column('family_name', sa.String(length=20), nullable=False),
    sa.Column('given_name', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('sex', sa.Enum('M', 'F', name='sex', native_enum=False, length=32), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('id_type', sa.Enum('resident_card', 'hmt_permit', 'passport', 'other', name='idtype', native_enum=False, length=32), nullable=True),
    sa.Column('id_number', sa.String(length=40), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('household_id', sa.String(length=36), nullable=True),
    sa.Column('relation_to_head', sa.Enum('head', 'spouse', 'son', 'daughter', 'son_in_law', 'daughter_in_law', 'grandson', 'granddaughter', 'father', 'mother', 'sibling', 'other', name='relation', native_enum=False, length=32), nullable=True),
    sa.Column('dwelling_id', sa.String(length=36), nullable=True),
    sa.Column('residence_type', sa.Enum('owned', 'rented', 'lodging', name='residencetype', native_enum=False, length=32), nullable=True),
    sa.Column('registration_type', sa.Enum('local', 'migrant', 'foreign', name='registrationtype', native_enum=False, length=32), nullable=False),
    sa.Column('residence_status', sa.Enum('present', 'registered_elsewhere', 'lives_elsewhere', name='residencestatus', native_enum=False, length=32), nullable=False),
    sa.Column('status', sa.Enum('active', 'moved_out', 'deceased', name='residentstatus', native_enum=False, length=32), nullable=False),
    sa.Column('status_date', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['dwelling_id'], ['dwellings.id'], name=op.f('fk_residents_dwelling_id_dwellings')),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_residents_household_id_households')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_residents'))
    )
    with op.batch_alter_table('residents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_residents_birth_date'), ['birth_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_residents_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_residents_dwelling_id'), ['dwelling_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_residents_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_residents_id_number'), ['id_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_residents_name'), ['name'], unique=False)

    op.create_table('resident_tags',
    sa.Column('resident_id', sa.String(length=36), nullable=False),
    sa.Column('tag_type_id', sa.String(length=36), nullable=False),
    sa.Column('grade', sa.String(length=20), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('review_date', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['resident_id'], ['residents.id'], name=op.f('fk_resident_tags_resident_id_residents')),
    sa.ForeignKeyConstraint(['tag_type_id'], ['tag_types.id'], name=op.f('fk_resident_tags_tag_type_id_tag_types')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resident_tags'))
    )
    with op.batch_alter_table('resident_tags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resident_tags_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_resident_tags_resident_id'), ['resident_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_resident_tags_tag_type_id'), ['tag_type_id'], unique=False)

    op.execute("INSERT INTO change_counter (id, value) VALUES (1, 0)")
    for stmt in AUDIT_TRIGGERS:
        op.execute(stmt)


def downgrade() -> None:
    raise NotImplementedError("Schema downgrades are not supported: restore a backup instead.")
