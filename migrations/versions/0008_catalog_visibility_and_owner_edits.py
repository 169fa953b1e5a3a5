"""catalog management: hidden product groups, inactive variants, and which rows seed-demo still manages

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    # Rows that exist today came from seed-demo: it keeps managing them until the owner edits one.
    with op.batch_alter_table('categories', schema=None) as batch_op:
        batch_op.add_column(sa.Column('demo_managed', sa.Boolean(), nullable=False, server_default=sa.true()))
    with op.batch_alter_table('product_groups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('visible', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('demo_managed', sa.Boolean(), nullable=False, server_default=sa.true()))
    with op.batch_alter_table('product_variants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('active', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('demo_managed', sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade():
    with op.batch_alter_table('product_variants', schema=None) as batch_op:
        batch_op.drop_column('demo_managed')
        batch_op.drop_column('active')
    with op.batch_alter_table('product_groups', schema=None) as batch_op:
        batch_op.drop_column('demo_managed')
        batch_op.drop_column('visible')
    with op.batch_alter_table('categories', schema=None) as batch_op:
        batch_op.drop_column('demo_managed')
