"""memo files: a finalised version's files (memo and appendix, HTML, Word, PDF), rendered once and stored

Revision ID: 0026_memo_files
Revises: 0025_sso
Create Date: 2026-12-05 16:30:00

"""
import sqlalchemy as sa
from alembic import op

import app.db_types

revision = "0026_memo_files"
down_revision = "0025_sso"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "memo_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("memo_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.String(length=20), nullable=False),
        sa.Column("file_format", sa.String(length=10), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("mimetype", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", app.db_types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.CheckConstraint("part IN ('memo', 'appendix')", name=op.f("ck_memo_files_part_known")),
        sa.CheckConstraint("length(sha256) = 64", name=op.f("ck_memo_files_sha256_length")),
        sa.ForeignKeyConstraint(["memo_id"], ["memos.id"], name=op.f("fk_memo_files_memo_id_memos")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_memo_files")),
        sa.UniqueConstraint("memo_id", "part", "file_format", name=op.f("uq_memo_files_memo_id_part_file_format")),
    )
    with op.batch_alter_table("memo_files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_memo_files_memo_id"), ["memo_id"], unique=False)


def downgrade():
    with op.batch_alter_table("memo_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_memo_files_memo_id"))
    op.drop_table("memo_files")
