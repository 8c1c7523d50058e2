"""audit log: sequence numbers and the hash chain

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01

Every audit entry gets a sequence number (``seq``, 1, 2, 3 … in the order the entries were
written, which is the order of their row ids), the seal of the entry before it
(``prev_hash``) and its own seal (``hash``), as storage/audit_chain.py defines them. The
existing entries are numbered and sealed here. The append-only triggers are dropped while
the columns are filled (they refuse the UPDATE) and created again at the end.
"""
import sqlalchemy as sa
from alembic import op

from neighborcenter.storage.audit_chain import GENESIS, entry_hash
from neighborcenter.storage.migrations.sql import AUDIT_TRIGGER_NAMES, AUDIT_TRIGGERS

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    for name in AUDIT_TRIGGER_NAMES:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.add_column('audit_log', sa.Column('seq', sa.Integer(), nullable=True))
    op.add_column('audit_log', sa.Column('prev_hash', sa.String(length=64), nullable=True))
    op.add_column('audit_log', sa.Column('hash', sa.String(length=64), nullable=True))

    conn = op.get_bind()
    rows = conn.exec_driver_sql(
        "SELECT id, at, account_id, actor, action, target_kind, target_id, summary, detail "
        "FROM audit_log ORDER BY id").fetchall()
    sealed = []
    prev = GENESIS
    for seq, (row_id, at, account_id, actor, action, target_kind, target_id, summary,
              detail) in enumerate(rows, start=1):
        seal = entry_hash(seq, at, account_id, actor, action, target_kind, target_id,
                          summary, detail, prev)
        sealed.append({"id": row_id, "seq": seq, "prev": prev, "hash": seal})
        prev = seal
    if sealed:
        conn.execute(sa.text("UPDATE audit_log SET seq = :seq, prev_hash = :prev, "
                             "hash = :hash WHERE id = :id"), sealed)

    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.alter_column('seq', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('prev_hash', existing_type=sa.String(length=64),
                              nullable=False)
        batch_op.alter_column('hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_index(batch_op.f('ix_audit_log_seq'), ['seq'], unique=True)

    for stmt in AUDIT_TRIGGERS:  # the batch copied the table: its triggers went with it
        op.execute(stmt)


def downgrade() -> None:
    raise NotImplementedError("Schema downgrades are not supported: restore a backup instead.")
