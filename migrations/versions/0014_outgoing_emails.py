"""outgoing emails: one row per message an order event owes, with how sending it went

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'outgoing_emails',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('order_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('recipient', sa.String(length=254), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('last_error', sa.String(length=500), nullable=True),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_outgoing_emails_order_id_orders')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_outgoing_emails')),
        sa.UniqueConstraint('order_id', 'kind', 'recipient', name=op.f('uq_outgoing_emails_order_id')),
    )
    with op.batch_alter_table('outgoing_emails', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outgoing_emails_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outgoing_emails_status'), ['status'], unique=False)


def downgrade():
    with op.batch_alter_table('outgoing_emails', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outgoing_emails_status'))
        batch_op.drop_index(batch_op.f('ix_outgoing_emails_order_id'))
    op.drop_table('outgoing_emails')
