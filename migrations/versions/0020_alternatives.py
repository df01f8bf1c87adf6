"""hearings on alternatives: the alternatives of a hearing, a response's preference, joint responses

Revision ID: 0020_alternatives
Revises: 0019_subscriptions
Create Date: 2026-12-05 16:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0020_alternatives"
down_revision = "0019_subscriptions"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "alternatives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hearing_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("section_key", sa.String(length=80), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("position >= 0", name=op.f("ck_alternatives_position_not_negative")),
        sa.ForeignKeyConstraint(["hearing_id"], ["hearings.id"], name=op.f("fk_alternatives_hearing_id_hearings"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alternatives")),
        sa.UniqueConstraint("hearing_id", "name", name=op.f("uq_alternatives_hearing_id_name")),
        sa.UniqueConstraint("hearing_id", "position", name=op.f("uq_alternatives_hearing_id_position")),
    )
    with op.batch_alter_table("alternatives", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alternatives_hearing_id"), ["hearing_id"], unique=False)

    op.create_table(
        "response_cosigners",
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f("fk_response_cosigners_organisation_id_organisations")),
        sa.ForeignKeyConstraint(["response_id"], ["responses.id"],
                                name=op.f("fk_response_cosigners_response_id_responses"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("response_id", "organisation_id", name=op.f("pk_response_cosigners")),
    )
    with op.batch_alter_table("response_cosigners", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_response_cosigners_organisation_id"), ["organisation_id"], unique=False)

    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("preference", sa.Enum("alternative", "none", "variant", name="preference",
                                                            native_enum=False, create_constraint=True, length=32),
                                      nullable=True))
        batch_op.add_column(sa.Column("alternative_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("variant_name", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("variant_text", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("preference_reason", sa.Text(), nullable=True))
        batch_op.create_index(batch_op.f("ix_responses_alternative_id"), ["alternative_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_responses_alternative_id_alternatives"), "alternatives",
                                    ["alternative_id"], ["id"])
        batch_op.create_check_constraint("preferred_alternative_named",
                                         "preference <> 'alternative' OR alternative_id IS NOT NULL")
        batch_op.create_check_constraint("variant_has_text", "preference <> 'variant' OR variant_text IS NOT NULL")


def downgrade():
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_constraint("variant_has_text", type_="check")
        batch_op.drop_constraint("preferred_alternative_named", type_="check")
        batch_op.drop_constraint(batch_op.f("fk_responses_alternative_id_alternatives"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_responses_alternative_id"))
        batch_op.drop_column("preference_reason")
        batch_op.drop_column("variant_text")
        batch_op.drop_column("variant_name")
        batch_op.drop_column("alternative_id")
        batch_op.drop_column("preference")
    with op.batch_alter_table("response_cosigners", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_response_cosigners_organisation_id"))
    op.drop_table("response_cosigners")
    with op.batch_alter_table("alternatives", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alternatives_hearing_id"))
    op.drop_table("alternatives")
