"""catalog revision: one row per area web processes keep in memory (catalog, customers), a token rewritten with
every change to that area

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

AREAS = ('catalog', 'customers')


def upgrade():
    revisions = op.create_table(
        'revisions',
        sa.Column('area', sa.String(length=40), nullable=False),
        sa.Column('token', sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint('area', name=op.f('pk_revisions')),
    )
    op.bulk_insert(revisions, [{'area': area, 'token': secrets.token_hex(16)} for area in AREAS])


def downgrade():
    op.drop_table('revisions')
