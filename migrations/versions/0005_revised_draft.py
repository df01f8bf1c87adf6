"""revised draft: revisions among the draft versions, and which section a reply's change replaces

Revision ID: 0005_revised_draft
Revises: 0004_account_security
Create Date: 2026-12-01 10:55:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0005_revised_draft"
down_revision = "0004_account_security"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("draft_versions") as batch_op:
        batch_op.add_column(sa.Column("is_revision", sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table("replies") as batch_op:
        batch_op.add_column(sa.Column("draft_change_key", sa.String(length=80), nullable=True))
    # Replies that already change the draft changed their comment's section.
    op.execute(
        "UPDATE replies SET draft_change_key = ("
        " SELECT sections.key FROM comments JOIN sections ON sections.id = comments.section_id"
        " WHERE comments.reply_id = replies.id ORDER BY comments.id LIMIT 1)"
        " WHERE draft_change IS NOT NULL"
    )
    op.execute("UPDATE replies SET draft_change = NULL WHERE draft_change_key IS NULL")
    with op.batch_alter_table("replies") as batch_op:
        batch_op.create_check_constraint(
            "draft_change_has_section", "draft_change IS NULL OR draft_change_key IS NOT NULL"
        )


def downgrade():
    with op.batch_alter_table("replies") as batch_op:
        batch_op.drop_constraint("ck_replies_draft_change_has_section", type_="check")
        batch_op.drop_column("draft_change_key")
    with op.batch_alter_table("draft_versions") as batch_op:
        batch_op.drop_column("is_revision")
