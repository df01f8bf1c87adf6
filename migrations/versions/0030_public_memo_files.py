"""public memo files: a finalised version with members' questions also stores its public copy (the memo
without the questions), so a reader's download is never rendered on demand

Revision ID: 0030_public_memo_files
Revises: 0029_question_sent_back
Create Date: 2026-12-05 22:40:00

"""
from alembic import op

revision = "0030_public_memo_files"
down_revision = "0029_question_sent_back"
branch_labels = None
depends_on = None


def _part_known(batch_op, parts):
    batch_op.drop_constraint(batch_op.f("ck_memo_files_part_known"), type_="check")
    batch_op.create_check_constraint(batch_op.f("ck_memo_files_part_known"),
                                     "part IN (" + ", ".join(f"'{part}'" for part in parts) + ")")


def upgrade():
    with op.batch_alter_table("memo_files", schema=None) as batch_op:
        _part_known(batch_op, ("memo", "appendix", "public"))


def downgrade():
    op.execute("DELETE FROM memo_files WHERE part = 'public'")
    with op.batch_alter_table("memo_files", schema=None) as batch_op:
        _part_known(batch_op, ("memo", "appendix"))
