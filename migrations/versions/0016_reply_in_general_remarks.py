"""a reply may point to the general reply that answers its point too ("indgår i forvaltningens generelle
bemærkninger"), and then needs no text of its own

Revision ID: 0016_reply_in_general_remarks
Revises: 0015_committee_meetings
Create Date: 2026-12-05 13:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0016_reply_in_general_remarks"
down_revision = "0015_committee_meetings"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("replies", schema=None) as batch_op:
        batch_op.add_column(sa.Column("in_general_reply_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_replies_in_general_reply_id"), ["in_general_reply_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_replies_in_general_reply_id_replies"), "replies",
                                    ["in_general_reply_id"], ["id"])


def downgrade():
    with op.batch_alter_table("replies", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_replies_in_general_reply_id_replies"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_replies_in_general_reply_id"))
        batch_op.drop_column("in_general_reply_id")
