"""register: pinyin keys, emergency contacts, consents, residence history

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

Residents get pinyin search keys (filled here for existing rows), a second phone, the date
they moved in and a pointer to the record a duplicate was merged into. New tables hold
emergency contacts, consent records and the residence history (moved in/within/out, died).
"""
import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('consents',
    sa.Column('resident_id', sa.String(length=36), nullable=False),
    sa.Column('purpose', sa.Enum('register', 'sensitive', 'child', 'photo', 'share_street', name='consentpurpose', native_enum=False, length=32), nullable=False),
    sa.Column('given_on', sa.Date(), nullable=False),
    sa.Column('given_by', sa.String(length=60), nullable=False),
    sa.Column('guardian_relation', sa.String(length=40), nullable=False),
    sa.Column('recorded_by', sa.String(length=64), nullable=False),
    sa.Column('withdrawn_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['resident_id'], ['residents.id'], name=op.f('fk_consents_resident_id_residents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consents'))
    )
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consents_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_consents_resident_id'), ['resident_id'], unique=False)

    op.create_table('emergency_contacts',
    sa.Column('resident_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('relation', sa.String(length=40), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['resident_id'], ['residents.id'], name=op.f('fk_emergency_contacts_resident_id_residents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_emergency_contacts'))
    )
    with op.batch_alter_table('emergency_contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_emergency_contacts_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_emergency_contacts_resident_id'), ['resident_id'], unique=False)

    op.create_table('residence_events',
    sa.Column('resident_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.Enum('moved_in', 'moved_within', 'moved_out', 'deceased', 'returned', 'merged', name='residenceeventkind', native_enum=False, length=32), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('from_dwelling_id', sa.String(length=36), nullable=True),
    sa.Column('to_dwelling_id', sa.String(length=36), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.String(length=64), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['from_dwelling_id'], ['dwellings.id'], name=op.f('fk_residence_events_from_dwelling_id_dwellings')),
    sa.ForeignKeyConstraint(['resident_id'], ['residents.id'], name=op.f('fk_residence_events_resident_id_residents')),
    sa.ForeignKeyConstraint(['to_dwelling_id'], ['dwellings.id'], name=op.f('fk_residence_events_to_dwelling_id_dwellings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_residence_events'))
    )
    with op.batch_alter_table('residence_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_residence_events_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_residence_events_resident_id'), ['resident_id'], unique=False)

    with op.batch_alter_table('residents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('family_reading', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('pinyin_full', sa.String(length=120, collation='NOCASE'), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('pinyin_initials', sa.String(length=40, collation='NOCASE'), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('other_phone', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('moved_in_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('merged_into_id', sa.String(length=36), nullable=True))
        batch_op.create_index(batch_op.f('ix_residents_pinyin_full'), ['pinyin_full'], unique=False)
        batch_op.create_index(batch_op.f('ix_residents_pinyin_initials'), ['pinyin_initials'], unique=False)

    _fill_pinyin_keys()


def _fill_pinyin_keys() -> None:
    from neighborcenter.features.register.rules.pinyin import name_keys

    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, family_name, given_name FROM residents")).all()
    if rows:
        updates = []
        for rid, family, given in rows:
            keys = name_keys(family, given)
            updates.append({"id": rid, "full": keys.full, "initials": keys.initials})
        conn.execute(sa.text("UPDATE residents SET pinyin_full = :full, "
                             "pinyin_initials = :initials WHERE id = :id"), updates)


def downgrade() -> None:
    raise NotImplementedError("NeighborCenter restores a backup instead of downgrading")
