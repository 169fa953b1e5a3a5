"""hub status wanted: the Hub project status an order's change asked for, kept until a job has moved the project

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-08

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('hub_projects') as batch_op:
        batch_op.add_column(sa.Column('hub_status_wanted', sa.String(length=20), nullable=True))


def downgrade():
    with op.batch_alter_table('hub_projects') as batch_op:
        batch_op.drop_column('hub_status_wanted')
