"""cart design checks: when the Hub confirmed that a cart line's designs are in its shopper's storage

Lines already in carts stay unverified (NULL): nobody asked the Hub whose they are, so checkout asks, with the same
one look-up per design it makes for designs the Hub may have forgotten.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cart_lines', schema=None) as batch_op:
        batch_op.add_column(sa.Column('design_checked_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('cart_lines', schema=None) as batch_op:
        batch_op.drop_column('design_checked_at')
