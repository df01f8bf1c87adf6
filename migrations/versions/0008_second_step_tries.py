"""second-step tries counted on the user's row, not in the cookie (which can be replayed)

Revision ID: 0008_second_step_tries
Revises: 0007_outbox_later_attachments
Create Date: 2026-12-05 10:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0008_second_step_tries"
down_revision = "0007_outbox_later_attachments"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("second_step_tries", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("second_step_tries", server_default=None)


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("second_step_tries")
