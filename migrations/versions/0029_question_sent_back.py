"""question sent back: a team lead can send a member's question's answer back to its writer, with a reason

Revision ID: 0029_question_sent_back
Revises: 0028_session_id_token
Create Date: 2026-12-05 19:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0029_question_sent_back"
down_revision = "0028_session_id_token"
branch_labels = None
depends_on = None

OLD = ("unanswered", "ready", "approved")
NEW = ("unanswered", "ready", "sent_back", "approved")


def _status(values):
    return sa.Enum(*values, name="answer_status", native_enum=False, create_constraint=True, length=32)


def upgrade():
    with op.batch_alter_table("committee_questions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sent_back_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("sent_back_by_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_committee_questions_sent_back_by_id"), ["sent_back_by_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_committee_questions_sent_back_by_id_users"), "users",
                                    ["sent_back_by_id"], ["id"])
        batch_op.alter_column("status", existing_type=_status(OLD), type_=_status(NEW), existing_nullable=False)
        batch_op.create_check_constraint(batch_op.f("ck_committee_questions_sent_back_has_reason"),
                                         "status <> 'sent_back' OR sent_back_reason IS NOT NULL")


def downgrade():
    op.execute("UPDATE committee_questions SET status = 'ready' WHERE status = 'sent_back'")
    with op.batch_alter_table("committee_questions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_committee_questions_sent_back_has_reason"), type_="check")
        batch_op.alter_column("status", existing_type=_status(NEW), type_=_status(OLD), existing_nullable=False)
        batch_op.drop_constraint(batch_op.f("fk_committee_questions_sent_back_by_id_users"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_committee_questions_sent_back_by_id"))
        batch_op.drop_column("sent_back_by_id")
        batch_op.drop_column("sent_back_reason")
