"""addresses, shipping and tax: shipping methods, tax rates, the customers' address book, and on each order its
frozen addresses, shipping method, totals, tax lines and tracking

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-08

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def _stamps():
    return [
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade():
    op.create_table(
        'shipping_methods',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('delivery_time', sa.String(length=120), nullable=False),
        sa.Column('countries', sa.JSON(), nullable=False),
        sa.Column('price_cents', sa.Integer(), nullable=False),
        sa.Column('extra_item_cents', sa.Integer(), nullable=False),
        sa.Column('free_above_cents', sa.Integer(), nullable=True),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('demo_managed', sa.Boolean(), nullable=False),
        *_stamps(),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_shipping_methods')),
    )
    op.create_table(
        'tax_rates',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('country', sa.String(length=2), nullable=False),
        sa.Column('region', sa.String(length=10), nullable=True),
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('basis_points', sa.Integer(), nullable=False),
        sa.Column('demo_managed', sa.Boolean(), nullable=False),
        *_stamps(),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_tax_rates')),
        sa.UniqueConstraint('country', 'region', name='uq_tax_rates_country_region'),
    )
    op.create_table(
        'saved_addresses',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('company', sa.String(length=120), nullable=False),
        sa.Column('line1', sa.String(length=200), nullable=False),
        sa.Column('line2', sa.String(length=200), nullable=False),
        sa.Column('city', sa.String(length=120), nullable=False),
        sa.Column('postal_code', sa.String(length=20), nullable=False),
        sa.Column('region', sa.String(length=40), nullable=False),
        sa.Column('country', sa.String(length=2), nullable=False),
        sa.Column('phone', sa.String(length=40), nullable=False),
        sa.Column('is_default', sa.Boolean(), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_saved_addresses_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_addresses')),
    )
    op.create_index(op.f('ix_saved_addresses_user_id'), 'saved_addresses', ['user_id'], unique=False)
    with op.batch_alter_table('orders') as batch_op:
        batch_op.add_column(sa.Column('currency', sa.String(length=3), nullable=True))
        batch_op.add_column(sa.Column('subtotal_cents', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('shipping_cents', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('tax_cents', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('prices_include_tax', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('tax_lines', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('shipping_address', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('billing_address', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('shipping_method_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('shipping_method_name', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('delivery_time', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('carrier', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('tracking_number', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('shipped_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            op.f('fk_orders_shipping_method_id_shipping_methods'), 'shipping_methods', ['shipping_method_id'], ['id']
        )


def downgrade():
    with op.batch_alter_table('orders') as batch_op:
        batch_op.drop_constraint(op.f('fk_orders_shipping_method_id_shipping_methods'), type_='foreignkey')
        for column in (
            'shipped_at', 'tracking_number', 'carrier', 'delivery_time', 'shipping_method_name', 'shipping_method_id',
            'billing_address', 'shipping_address', 'tax_lines', 'prices_include_tax', 'tax_cents', 'shipping_cents',
            'subtotal_cents', 'currency',
        ):
            batch_op.drop_column(column)
    op.drop_index(op.f('ix_saved_addresses_user_id'), table_name='saved_addresses')
    op.drop_table('saved_addresses')
    op.drop_table('tax_rates')
    op.drop_table('shipping_methods')
