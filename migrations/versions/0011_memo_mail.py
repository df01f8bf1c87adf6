"""a citizen may ask for a mail when the memo is published

Revision ID: 0011_memo_mail
Revises: 0010_response_full_text
Create Date: 2026-12-05 13:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0011_memo_mail"
down_revision = "0010_response_full_text"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("memo_mail", sa.Boolean(), server_default=sa.text("false"), nullable=False))


def downgrade():
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_column("memo_mail")
