"""design retention: when the Hub keeps a saved design for good, and when it was found to have forgotten one

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-03

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0011'
branch_labels = None
depends_on = None

COLUMNS = (
    ('saved_designs', 'kept_at'),
    ('saved_designs', 'missing_at'),
    ('cart_lines', 'design_missing_at'),
)


def upgrade():
    for table, name in COLUMNS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(name, sa.DateTime(timezone=True), nullable=True))


def downgrade():
    for table, name in reversed(COLUMNS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(name)
