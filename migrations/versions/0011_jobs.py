"""background jobs (Celery) and the files they make

Revision ID: 0011_jobs
Revises: 0010_response_full_text
Create Date: 2026-12-05 13:40:00

"""
import sqlalchemy as sa
from alembic import op

import app.db_types

revision = "0011_jobs"
down_revision = "0010_response_full_text"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=200), nullable=True),
        sa.Column("hearing_id", sa.Integer(), nullable=True),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.Enum("queued", "running", "done", "failed", name="job_state", native_enum=False,
                                   create_constraint=True, length=32), nullable=False),
        sa.Column("progress_done", sa.Integer(), nullable=False),
        sa.Column("progress_total", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=100), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("lease_until", app.db_types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", app.db_types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("enqueued_at", app.db_types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("started_at", app.db_types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", app.db_types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("result_filename", sa.String(length=255), nullable=True),
        sa.Column("result_mimetype", sa.String(length=100), nullable=True),
        sa.Column("result_size", sa.Integer(), nullable=True),
        sa.Column("result_sha256", sa.String(length=64), nullable=True),
        sa.Column("result_data", sa.LargeBinary(), nullable=True),
        sa.CheckConstraint("progress_done >= 0 AND progress_total >= 0", name=op.f("ck_jobs_progress_not_negative")),
        sa.CheckConstraint("state <> 'done' OR result_sha256 IS NOT NULL", name=op.f("ck_jobs_done_has_file")),
        sa.ForeignKeyConstraint(["hearing_id"], ["hearings.id"], name=op.f("fk_jobs_hearing_id_hearings")),
        sa.ForeignKeyConstraint(["requested_by_id"], ["users.id"], name=op.f("fk_jobs_requested_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_jobs_dedupe_key")),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_jobs_hearing_id"), ["hearing_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_jobs_requested_by_id"), ["requested_by_id"], unique=False)


def downgrade():
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_jobs_requested_by_id"))
        batch_op.drop_index(batch_op.f("ix_jobs_hearing_id"))
    op.drop_table("jobs")
