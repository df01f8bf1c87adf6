"""a comment that says "ingen bemærkninger" to its section (a registered letter's no-remarks point)

Revision ID: 0014_comment_no_remarks
Revises: 0013_hearing_subtitle
Create Date: 2026-12-05 13:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0014_comment_no_remarks"
down_revision = "0013_hearing_subtitle"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("no_remarks", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.drop_column("no_remarks")
