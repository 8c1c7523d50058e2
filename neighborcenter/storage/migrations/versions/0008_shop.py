"""shop: the 匠心坊 shop's goods, its append-only stock book and sales, donations, welfare
gifts, the group buy, stock-takes and day closes (features/shop/models.py)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

Only new tables, and the triggers that keep the stock book append-only.
"""
import sqlalchemy as sa
from alembic import op

from neighborcenter.storage.migrations.sql import STOCK_TRIGGERS


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('shop_campaigns',
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('supplier', sa.String(length=100), nullable=False),
    sa.Column('order_by', sa.Date(), nullable=False),
    sa.Column('collect_on', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('open', 'ordered', 'arrived', 'closed', name='campaignstatus', native_enum=False, length=32), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.String(length=64), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shop_campaigns')),
    sa.UniqueConstraint('name', name=op.f('uq_shop_campaigns_name'))
    )
    with op.batch_alter_table('shop_campaigns', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shop_campaigns_change_seq'), ['change_seq'], unique=False)

    op.create_table('shop_day_closes',
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('opening_fen', sa.Integer(), nullable=False),
    sa.Column('sales_fen', sa.Integer(), nullable=False),
    sa.Column('group_buy_fen', sa.Integer(), nullable=False),
    sa.Column('counted_fen', sa.Integer(), nullable=False),
    sa.Column('points_redeemed', sa.Integer(), nullable=False),
    sa.Column('sales', sa.Integer(), nullable=False),
    sa.Column('gifts', sa.Integer(), nullable=False),
    sa.Column('donations', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('closed_by', sa.String(length=64), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=False),
    sa.Column('reopen_reason', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shop_day_closes'))
    )
    with op.batch_alter_table('shop_day_closes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shop_day_closes_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_shop_day_closes_on'), ['on'], unique=False)

    op.create_table('shop_donations',
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('donor_kind', sa.Enum('company', 'person', 'anonymous', name='donorkind', native_enum=False, length=32), nullable=False),
    sa.Column('donor_name', sa.String(length=100), nullable=False),
    sa.Column('donor_contact', sa.String(length=40), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('received_by', sa.String(length=60), nullable=False),
    sa.Column('donor_signed', sa.Boolean(), nullable=False),
    sa.Column('receiver_signed', sa.Boolean(), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.String(length=64), nullable=False),
    sa.Column('void_reason', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shop_donations')),
    sa.UniqueConstraint('number', name=op.f('uq_shop_donations_number'))
    )
    with op.batch_alter_table('shop_donations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shop_donations_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_shop_donations_received_on'), ['received_on'], unique=False)

    op.create_table('shop_products',
    sa.Column('shelf', sa.Enum('daily', 'group', 'donated', 'points', name='shelf', native_enum=False, length=32), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('barcode', sa.String(length=32), nullable=False),
    sa.Column('unit', sa.String(length=10), nullable=False),
    sa.Column('price_fen', sa.Integer(), nullable=True),
    sa.Column('points', sa.Integer(), nullable=True),
    sa.Column('food', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shop_products')),
    sa.UniqueConstraint('barcode', name=op.f('uq_shop_products_barcode'))
    )
    with op.batch_alter_table('shop_products', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shop_products_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_shop_products_shelf'), ['shelf'], unique=False)

    op.create_table('shop_stocktakes',
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('started_by', sa.String(length=64), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('finished_by', sa.String(length=64), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shop_stocktakes'))
    )
    with op.batch_alter_table('shop_stocktakes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shop_stocktakes_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_shop_stocktakes_on'), ['on'], unique=False)

    op.create_table('shop_campaign_items',
    sa.Column('campaign_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('unit', sa.String(length=10), nullable=False),
    sa.Column('price_fen', sa.Integer(), nullable=False),
    sa.Column('most', sa.Integer(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['campaign_id'], ['shop_campaigns.id'], name=op.f('fk_shop_campaign_items_campaign_id_shop_campaigns')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shop_campaign_items'))
    )
    with op.batch_alter_table('shop_campaign_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shop_campaign_items_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shop_campaign_items_change_seq'), ['change_seq'], unique=False)

    op.create_table('shop_donation_lines',
    sa.Column('donation_id', sa.String(length=36), nullable=False),
    sa.Column('product_id', sa.String(length=36), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('accepted', sa.Boolean(), nullable=False),
    sa.Column('refusal', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['donation_id'], ['shop_donations.id'], name=op.f('fk_shop_donation_lines_donation_id_shop_donations')),
    sa.ForeignKeyConstraint(['product_id'], ['shop_products.id'], name=op.f('fk_shop_donation_lines_product_id_shop_products')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shop_donation_lines'))
    )
    with op.batch_alter_table('shop_donation_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shop_donation_lines_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_shop_donation_lines_donation_id'), ['donation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shop_donation_lines_product_id'), ['product_id'], unique=False)

    op.create_table('shop_stocktake_counts',
    sa.Column('stocktake_id', sa.String(length=36), nullable=False),
    sa.Column('product_id', sa.String(length=36), nullable=False),
    sa.Column('expected', sa.Integer(), nullable=False),
    sa.Column('counted', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('counted_by', sa.String(length=60), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['product_id'], ['shop_products.id'], name=op.f('fk_shop_stocktake_counts_product_id_shop_products')),
    sa.ForeignKeyConstraint(['stocktake_id'], ['shop_stocktakes.id'], name=op.f('fk_shop_stocktake_counts_stocktake_id_shop_stocktakes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shop_stocktake_counts')),
    sa.UniqueConstraint('stocktake_id', 'product_id', name=op.f('uq_shop_stocktake_counts_stocktake_id'))
    )
    with op.batch_alter_table('shop_stocktake_counts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shop_stocktake_counts_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_shop_stocktake_counts_product_id'), ['product_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shop_stocktake_counts_stocktake_id'), ['stocktake_id'], unique=False)

    op.create_table('shop_gifts',
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('resident_id', sa.String(length=36), nullable=False),
    sa.Column('hardship', sa.Enum('poor_party_member', 'disabled', 'subsistence', 'elderly_alone', 'serious_illness', 'other', name='hardship', native_enum=False, length=32), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('signed_by', sa.String(length=60), nullable=False),
    sa.Column('signer_relation', sa.String(length=30), nullable=False),
    sa.Column('recorded_by', sa.String(length=64), nullable=False),
    sa.Column('void_reason', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['resident_id'], ['residents.id'], name=op.f('fk_shop_gifts_resident_id_residents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shop_gifts')),
    sa.UniqueConstraint('number', name=op.f('uq_shop_gifts_number'))
    )
    with op.batch_alter_table('shop_gifts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shop_gifts_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_shop_gifts_on'), ['on'], unique=False)
        batch_op.create_index(batch_op.f('ix_shop_gifts_resident_id'), ['resident_id'], unique=False)

    op.create_table('shop_orders',
    sa.Column('campaign_id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('resident_id', sa.String(length=36), nullable=True),
    sa.Column('customer_name', sa.String(length=60), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('paid_fen', sa.Integer(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=True),
    sa.Column('collected_at', sa.DateTime(), nullable=True),
    sa.Column('collected_by', sa.String(length=60), nullable=False),
    sa.Column('cancelled_on', sa.Date(), nullable=True),
    sa.Column('cancel_reason', sa.Text(), nullable=False),
    sa.Column('refunded_fen', sa.Integer(), nullable=False),
    sa.Column('recorded_by', sa.String(length=64), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['campaign_id'], ['shop_campaigns.id'], name=op.f('fk_shop_orders_campaign_id_shop_campaigns')),
    sa.ForeignKeyConstraint(['resident_id'], ['residents.id'], name=op.f('fk_shop_orders_resident_id_residents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shop_orders')),
    sa.UniqueConstraint('campaign_id', 'number', name=op.f('uq_shop_orders_campaign_id'))
    )
    with op.batch_alter_table('shop_orders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shop_orders_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shop_orders_cancelled_on'), ['cancelled_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_shop_orders_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_shop_orders_paid_on'), ['paid_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_shop_orders_resident_id'), ['resident_id'], unique=False)

    op.create_table('shop_order_lines',
    sa.Column('order_id', sa.String(length=36), nullable=False),
    sa.Column('item_id', sa.String(length=36), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['shop_campaign_items.id'], name=op.f('fk_shop_order_lines_item_id_shop_campaign_items')),
    sa.ForeignKeyConstraint(['order_id'], ['shop_orders.id'], name=op.f('fk_shop_order_lines_order_id_shop_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shop_order_lines')),
    sa.UniqueConstraint('order_id', 'item_id', name=op.f('uq_shop_order_lines_order_id'))
    )
    with op.batch_alter_table('shop_order_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shop_order_lines_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_shop_order_lines_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shop_order_lines_order_id'), ['order_id'], unique=False)

    op.create_table('shop_sales',
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('payment', sa.Enum('cash', 'points', name='payment', native_enum=False, length=32), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('received_fen', sa.Integer(), nullable=False),
    sa.Column('change_fen', sa.Integer(), nullable=False),
    sa.Column('volunteer_id', sa.String(length=36), nullable=True),
    sa.Column('customer_name', sa.String(length=60), nullable=False),
    sa.Column('points_tx', sa.String(length=36), nullable=True),
    sa.Column('points_left', sa.Integer(), nullable=True),
    sa.Column('undoes_id', sa.String(length=36), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('by', sa.String(length=64), nullable=False),
    sa.Column('request_key', sa.String(length=120), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['undoes_id'], ['shop_sales.id'], name=op.f('fk_shop_sales_undoes_id_shop_sales')),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteers.id'], name=op.f('fk_shop_sales_volunteer_id_volunteers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shop_sales')),
    sa.UniqueConstraint('number', name=op.f('uq_shop_sales_number')),
    sa.UniqueConstraint('request_key', name=op.f('uq_shop_sales_request_key'))
    )
    with op.batch_alter_table('shop_sales', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shop_sales_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_shop_sales_on'), ['on'], unique=False)
        batch_op.create_index(batch_op.f('ix_shop_sales_volunteer_id'), ['volunteer_id'], unique=False)

    op.create_table('shop_sale_lines',
    sa.Column('sale_id', sa.String(length=36), nullable=False),
    sa.Column('product_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit_price', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['product_id'], ['shop_products.id'], name=op.f('fk_shop_sale_lines_product_id_shop_products')),
    sa.ForeignKeyConstraint(['sale_id'], ['shop_sales.id'], name=op.f('fk_shop_sale_lines_sale_id_shop_sales')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shop_sale_lines'))
    )
    with op.batch_alter_table('shop_sale_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shop_sale_lines_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_shop_sale_lines_product_id'), ['product_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shop_sale_lines_sale_id'), ['sale_id'], unique=False)

    op.create_table('shop_stock_moves',
    sa.Column('product_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.Enum('intake', 'donation', 'sale', 'redemption', 'gift', 'adjust', 'write_off', 'undo', name='movekind', native_enum=False, length=32), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('by', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('sale_id', sa.String(length=36), nullable=True),
    sa.Column('donation_id', sa.String(length=36), nullable=True),
    sa.Column('gift_id', sa.String(length=36), nullable=True),
    sa.Column('stocktake_id', sa.String(length=36), nullable=True),
    sa.Column('undoes_id', sa.String(length=36), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['donation_id'], ['shop_donations.id'], name=op.f('fk_shop_stock_moves_donation_id_shop_donations')),
    sa.ForeignKeyConstraint(['gift_id'], ['shop_gifts.id'], name=op.f('fk_shop_stock_moves_gift_id_shop_gifts')),
    sa.ForeignKeyConstraint(['product_id'], ['shop_products.id'], name=op.f('fk_shop_stock_moves_product_id_shop_products')),
    sa.ForeignKeyConstraint(['sale_id'], ['shop_sales.id'], name=op.f('fk_shop_stock_moves_sale_id_shop_sales')),
    sa.ForeignKeyConstraint(['stocktake_id'], ['shop_stocktakes.id'], name=op.f('fk_shop_stock_moves_stocktake_id_shop_stocktakes')),
    sa.ForeignKeyConstraint(['undoes_id'], ['shop_stock_moves.id'], name=op.f('fk_shop_stock_moves_undoes_id_shop_stock_moves')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shop_stock_moves'))
    )
    with op.batch_alter_table('shop_stock_moves', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shop_stock_moves_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_shop_stock_moves_donation_id'), ['donation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shop_stock_moves_gift_id'), ['gift_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shop_stock_moves_on'), ['on'], unique=False)
        batch_op.create_index(batch_op.f('ix_shop_stock_moves_product_id'), ['product_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shop_stock_moves_sale_id'), ['sale_id'], unique=False)

    for stmt in STOCK_TRIGGERS:
        op.execute(stmt)


def downgrade() -> None:
    raise NotImplementedError("Schema downgrades are not supported: restore a backup instead.")
