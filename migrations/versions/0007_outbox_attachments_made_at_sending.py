"""outbox attachments made at sending: a receipt PDF is described when queued and made by the sender

Revision ID: 0007_outbox_later_attachments
Revises: 0006_retention
Create Date: 2026-12-01 15:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0007_outbox_later_attachments"
down_revision = "0006_retention"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_attachments", schema=None) as batch_op:
        batch_op.alter_column("data", existing_type=sa.LargeBinary(), nullable=True)
        batch_op.add_column(sa.Column("kind", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("locale", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("response_submission_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_outbox_attachments_response_submission_id_response_submissions"),
            "response_submissions", ["response_submission_id"], ["id"], ondelete="CASCADE",
        )
        batch_op.create_index(
            batch_op.f("ix_outbox_attachments_response_submission_id"), ["response_submission_id"], unique=False
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_outbox_attachments_has_data_or_kind"), "data IS NOT NULL OR kind IS NOT NULL"
        )


def downgrade():
    # A message still waiting for its file gets it made by a sender of this version or not at all.
    op.execute("DELETE FROM outbox_attachments WHERE data IS NULL")
    with op.batch_alter_table("outbox_attachments", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_outbox_attachments_has_data_or_kind"), type_="check")
        batch_op.drop_index(batch_op.f("ix_outbox_attachments_response_submission_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_outbox_attachments_response_submission_id_response_submissions"), type_="foreignkey"
        )
        batch_op.drop_column("response_submission_id")
        batch_op.drop_column("locale")
        batch_op.drop_column("kind")
        batch_op.alter_column("data", existing_type=sa.LargeBinary(), nullable=False)
