"""a citizen may ask for a mail when the memo is published

Revision ID: 0017_memo_mail
Revises: 0016_reply_in_general_remarks
Create Date: 2026-12-05 13:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0017_memo_mail"
down_revision = "0016_reply_in_general_remarks"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("memo_mail", sa.Boolean(), server_default=sa.text("false"), nullable=False))


def downgrade():
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_column("memo_mail")
