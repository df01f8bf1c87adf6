"""members' written questions on a postponed case and the administration's answers; a member's party letter

Revision ID: 0021_committee_questions
Revises: 0020_alternatives
Create Date: 2026-12-05 16:40:00

"""
import sqlalchemy as sa
from alembic import op

import app.db_types

revision = "0021_committee_questions"
down_revision = "0020_alternatives"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("party", sa.String(length=10), nullable=True))

    op.create_table(
        "committee_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hearing_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("mark", sa.String(length=10), nullable=False),
        sa.Column("asked_by_id", sa.Integer(), nullable=True),
        sa.Column("asker", sa.String(length=250), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("asked_at", app.db_types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("status", sa.Enum("unanswered", "ready", "approved", name="answer_status", native_enum=False,
                                    create_constraint=True, length=32), nullable=False),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_at", app.db_types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("approved_by_id", sa.Integer(), nullable=True),
        sa.Column("approved_at", app.db_types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("members_told_at", app.db_types.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint("number > 0", name=op.f("ck_committee_questions_number_positive")),
        sa.CheckConstraint("status = 'unanswered' OR answer <> ''",
                           name=op.f("ck_committee_questions_answered_has_text")),
        sa.CheckConstraint("status <> 'approved' OR approved_at IS NOT NULL",
                           name=op.f("ck_committee_questions_approved_has_time")),
        sa.ForeignKeyConstraint(["hearing_id"], ["hearings.id"],
                                name=op.f("fk_committee_questions_hearing_id_hearings")),
        sa.ForeignKeyConstraint(["asked_by_id"], ["users.id"], name=op.f("fk_committee_questions_asked_by_id_users")),
        sa.ForeignKeyConstraint(["answered_by_id"], ["users.id"],
                                name=op.f("fk_committee_questions_answered_by_id_users")),
        sa.ForeignKeyConstraint(["approved_by_id"], ["users.id"],
                                name=op.f("fk_committee_questions_approved_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_committee_questions")),
        sa.UniqueConstraint("hearing_id", "number", name=op.f("uq_committee_questions_hearing_id_number")),
    )
    with op.batch_alter_table("committee_questions", schema=None) as batch_op:
        for column in ("hearing_id", "asked_by_id", "answered_by_id", "approved_by_id"):
            batch_op.create_index(batch_op.f(f"ix_committee_questions_{column}"), [column], unique=False)


def downgrade():
    with op.batch_alter_table("committee_questions", schema=None) as batch_op:
        for column in ("approved_by_id", "answered_by_id", "asked_by_id", "hearing_id"):
            batch_op.drop_index(batch_op.f(f"ix_committee_questions_{column}"))
    op.drop_table("committee_questions")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("party")
