"""records: a row per document filed on the hearing's case (journalisering)

Revision ID: 0023_records
Revises: 0022_second_round
Create Date: 2026-12-05 16:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0023_records"
down_revision = "0022_second_round"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "filing_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hearing_id", sa.Integer(), nullable=False),
        sa.Column("document_key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=True),
        sa.Column("mimetype", sa.String(length=100), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("dated", sa.Date(), nullable=True),
        sa.Column("sender", sa.String(length=200), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("state", sa.Enum("waiting", "filed", "failed", name="filing_state", native_enum=False,
                                   create_constraint=True, length=32), nullable=False),
        sa.Column("adapter", sa.String(length=20), nullable=False),
        sa.Column("records_id", sa.String(length=200), nullable=True),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("state <> 'filed' OR (records_id IS NOT NULL AND sha256 IS NOT NULL)",
                           name=op.f("ck_filing_records_filed_has_id")),
        sa.CheckConstraint("tries >= 0", name=op.f("ck_filing_records_tries_not_negative")),
        sa.ForeignKeyConstraint(["hearing_id"], ["hearings.id"], name=op.f("fk_filing_records_hearing_id_hearings")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_filing_records")),
        sa.UniqueConstraint("document_key", name=op.f("uq_filing_records_document_key")),
    )
    with op.batch_alter_table("filing_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_filing_records_hearing_id"), ["hearing_id"], unique=False)


def downgrade():
    with op.batch_alter_table("filing_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_filing_records_hearing_id"))
    op.drop_table("filing_records")
