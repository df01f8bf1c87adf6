"""a hearing's subtitle, filled from the title page of an imported draft

Revision ID: 0013_hearing_subtitle
Revises: 0012_incoming_mail
Create Date: 2026-12-05 13:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0013_hearing_subtitle"
down_revision = "0012_incoming_mail"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("hearings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("subtitle", sa.String(length=300), nullable=True))


def downgrade():
    with op.batch_alter_table("hearings", schema=None) as batch_op:
        batch_op.drop_column("subtitle")
