"""more background jobs: a job's stored input (an uploaded draft) and the reason shown when it was refused

Revision ID: 0024_more_jobs
Revises: 0023_records
Create Date: 2026-12-05 16:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0024_more_jobs"
down_revision = "0023_records"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("refusal", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("input_data", sa.LargeBinary(), nullable=True))


def downgrade():
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_column("input_data")
        batch_op.drop_column("refusal")
