"""register: the fields of a 人口台账 (民族, 政治面貌, 文化程度, 婚姻状况, 户籍地址, 工作单位)
and the extra columns of imported sheets

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01

Residents get the four national code lists (stored as codes, features/register/rules/
codes.py), the 户籍地址 (or "same as the current address") and the workplace or school. A
new table keeps the columns of an imported sheet that the register has no field for.

政治面貌 becomes the one source of truth for Party membership: everyone with a current 党员
tag (valid today) gets 中国共产党党员 (01) where no 政治面貌 is recorded; the current tags end
today and stay on the 360° page as history, and the tag itself is archived, so that the list
of tags no longer offers it. The rows this
changes get a new change number, as every write does (storage/uow.py).
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('resident_extra_fields',
    sa.Column('resident_id', sa.String(length=36), nullable=False),
    sa.Column('header', sa.String(length=60), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['resident_id'], ['residents.id'], name=op.f('fk_resident_extra_fields_resident_id_residents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resident_extra_fields')),
    sa.UniqueConstraint('resident_id', 'header', name=op.f('uq_resident_extra_fields_resident_id'))
    )
    with op.batch_alter_table('resident_extra_fields', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resident_extra_fields_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_resident_extra_fields_resident_id'), ['resident_id'], unique=False)

    # plain ALTER TABLE … ADD COLUMN: the residents are not copied
    op.add_column('residents', sa.Column('ethnicity', sa.String(length=2), nullable=True))
    op.add_column('residents', sa.Column('political_status', sa.String(length=2), nullable=True))
    op.add_column('residents', sa.Column('education', sa.String(length=2), nullable=True))
    op.add_column('residents', sa.Column('marital_status', sa.String(length=2), nullable=True))
    op.add_column('residents', sa.Column('hukou_address', sa.String(length=200), nullable=True))
    op.add_column('residents', sa.Column('hukou_same', sa.Boolean(), nullable=False,
                                         server_default=sa.false()))
    op.add_column('residents', sa.Column('workplace', sa.String(length=100), nullable=True))
    op.create_index(op.f('ix_residents_ethnicity'), 'residents', ['ethnicity'], unique=False)
    op.create_index(op.f('ix_residents_political_status'), 'residents', ['political_status'],
                    unique=False)

    conn = op.get_bind()
    party = conn.execute(sa.text("SELECT id FROM tag_types WHERE code = 'party_member'")).first()
    if party is None:
        return
    seq = conn.execute(sa.text("UPDATE change_counter SET value = value + 1 WHERE id = 1 "
                               "RETURNING value")).scalar_one()
    current = ("tag_type_id = :tag AND archived_at IS NULL "
               "AND (valid_to IS NULL OR valid_to >= date('now')) "
               "AND (valid_from IS NULL OR valid_from <= date('now'))")
    conn.execute(sa.text(
        "UPDATE residents SET political_status = '01', change_seq = :seq, "
        "updated_at = datetime('now') WHERE political_status IS NULL AND id IN ("
        f"SELECT resident_id FROM resident_tags WHERE {current})"),
        {"seq": seq, "tag": party[0]})
    # the tags end today and stay on the 360° page as history; the tag leaves the list
    conn.execute(sa.text(
        "UPDATE resident_tags SET valid_to = date('now'), change_seq = :seq, "
        f"updated_at = datetime('now') WHERE {current}"),
        {"seq": seq, "tag": party[0]})
    conn.execute(sa.text(
        "UPDATE tag_types SET archived_at = datetime('now'), change_seq = :seq, "
        "updated_at = datetime('now') WHERE id = :tag AND archived_at IS NULL"),
        {"seq": seq, "tag": party[0]})


def downgrade() -> None:
    raise NotImplementedError("Schema downgrades are not supported: restore a backup instead.")
