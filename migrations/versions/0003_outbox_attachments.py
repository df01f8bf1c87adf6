"""outbox attachments: files sent with a message, such as a receipt as PDF

Revision ID: 0003_outbox_attachments
Revises: 0002_party_response_drafts
Create Date: 2026-12-01 08:10:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0003_outbox_attachments"
down_revision = "0002_party_response_drafts"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "outbox_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"], ["outbox_messages.id"], name=op.f("fk_outbox_attachments_message_id_outbox_messages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_attachments")),
    )
    with op.batch_alter_table("outbox_attachments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_attachments_message_id"), ["message_id"], unique=False)


def downgrade():
    with op.batch_alter_table("outbox_attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_attachments_message_id"))
    op.drop_table("outbox_attachments")
