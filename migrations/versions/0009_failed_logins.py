"""wrong passwords counted on the account, so its owner can be told once (and is never locked out)

Revision ID: 0009_failed_logins
Revises: 0008_second_step_tries
Create Date: 2026-12-05 10:10:00

"""
import sqlalchemy as sa
from alembic import op

import app.db_types

revision = "0009_failed_logins"
down_revision = "0008_second_step_tries"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("failed_logins_since", app.db_types.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("failed_logins", server_default=None)


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("failed_logins_since")
        batch_op.drop_column("failed_logins")
