"""editor data on cart lines, saved designs and order lines; longer editor keys

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    for table in ('cart_lines', 'saved_designs'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('editor_data', sa.JSON(), nullable=True))
            batch_op.alter_column('key', existing_type=sa.String(length=64), type_=sa.String(length=128))
    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.add_column(sa.Column('editor_data', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.drop_column('editor_data')
    for table in ('saved_designs', 'cart_lines'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('key', existing_type=sa.String(length=128), type_=sa.String(length=64))
            batch_op.drop_column('editor_data')
