"""a second hearing round: a hearing points to the round before it; a revised draft for the committee has a title

Revision ID: 0022_second_round
Revises: 0021_committee_questions
Create Date: 2026-12-05 16:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0022_second_round"
down_revision = "0021_committee_questions"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("draft_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("title", sa.String(length=200), nullable=True))
    with op.batch_alter_table("hearings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("previous_round_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_hearings_previous_round_id"), ["previous_round_id"], unique=True)
        batch_op.create_foreign_key(batch_op.f("fk_hearings_previous_round_id_hearings"), "hearings",
                                    ["previous_round_id"], ["id"])


def downgrade():
    with op.batch_alter_table("hearings", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_hearings_previous_round_id_hearings"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_hearings_previous_round_id"))
        batch_op.drop_column("previous_round_id")
    with op.batch_alter_table("draft_versions", schema=None) as batch_op:
        batch_op.drop_column("title")
