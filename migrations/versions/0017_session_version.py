"""session version: a number on each customer that logging out raises, ending every session signed in before

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-08

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users') as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_column('session_version')
