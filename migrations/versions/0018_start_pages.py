"""staff start pages: the daily digest setting on users, who sent a reply for approval and when

Revision ID: 0018_start_pages
Revises: 0017_memo_mail
Create Date: 2026-12-05 13:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0018_start_pages"
down_revision = "0017_memo_mail"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("wants_digest", sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column("digest_sent_on", sa.Date(), nullable=True))
    with op.batch_alter_table("replies", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ready_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("ready_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_replies_ready_by_id"), ["ready_by_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_replies_ready_by_id_users"), "users", ["ready_by_id"], ["id"])


def downgrade():
    with op.batch_alter_table("replies", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_replies_ready_by_id_users"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_replies_ready_by_id"))
        batch_op.drop_column("ready_at")
        batch_op.drop_column("ready_by_id")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("digest_sent_on")
        batch_op.drop_column("wants_digest")
