"""print proofs: page count, trim size and a first-page thumbnail of each print PDF, on its artifacts row

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-03

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0009'
branch_labels = None
depends_on = None

COLUMNS = (
    ('page_count', sa.Integer()),
    ('trim_width_pt', sa.Float()),
    ('trim_height_pt', sa.Float()),
    ('proof_path', sa.String(length=500)),
    ('proof_sha256', sa.String(length=64)),
    ('proof_error', sa.String(length=255)),
    ('proof_done_at', sa.DateTime(timezone=True)),
)


def upgrade():
    with op.batch_alter_table('artifacts', schema=None) as batch_op:
        for name, column_type in COLUMNS:
            batch_op.add_column(sa.Column(name, column_type, nullable=True))
        batch_op.add_column(sa.Column('proof_attempts', sa.Integer(), nullable=False, server_default='0'))


def downgrade():
    with op.batch_alter_table('artifacts', schema=None) as batch_op:
        batch_op.drop_column('proof_attempts')
        for name, _column_type in reversed(COLUMNS):
            batch_op.drop_column(name)
