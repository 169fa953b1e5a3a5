"""order timeline events; the Hub project's own status (BackOffice) on hub_projects

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'order_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('order_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('source', sa.String(length=20), nullable=False),
        sa.Column('actor', sa.String(length=254), nullable=True),
        sa.Column('message', sa.String(length=500), nullable=False),
        sa.Column('details', sa.JSON(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_order_events_order_id_orders')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_order_events')),
    )
    with op.batch_alter_table('order_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_order_events_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_order_events_kind'), ['kind'], unique=False)
    with op.batch_alter_table('hub_projects', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hub_status_code', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('hub_status_name', sa.String(length=100), nullable=True))


def downgrade():
    with op.batch_alter_table('hub_projects', schema=None) as batch_op:
        batch_op.drop_column('hub_status_name')
        batch_op.drop_column('hub_status_code')
    with op.batch_alter_table('order_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_order_events_kind'))
        batch_op.drop_index(batch_op.f('ix_order_events_order_id'))
    op.drop_table('order_events')
