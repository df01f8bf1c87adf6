"""a response's whole text as it came (a registered letter), for the memo's appendix

Revision ID: 0010_response_full_text
Revises: 0009_failed_logins
Create Date: 2026-12-05 11:05:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0010_response_full_text"
down_revision = "0009_failed_logins"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("full_text", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_column("full_text")
