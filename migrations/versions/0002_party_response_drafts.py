"""party response drafts: the working copy parties save while typing

Revision ID: 0002_party_response_drafts
Revises: 0001_initial
Create Date: 2026-12-01 07:45:01.293901

"""
import sqlalchemy as sa
from alembic import op

import app.db_types

revision = "0002_party_response_drafts"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

PARTY_ONLY = sa.text("kind = 'party'")


def upgrade():
    with op.batch_alter_table("responses", schema=None) as batch_op:
        # Existing rows get an empty working copy.
        batch_op.add_column(sa.Column("draft", sa.JSON(), nullable=False, server_default="{}"))
        batch_op.add_column(sa.Column("draft_saved_at", app.db_types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("draft_saved_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("submitted_by_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_responses_draft_saved_by_id"), ["draft_saved_by_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_responses_submitted_by_id"), ["submitted_by_id"], unique=False)
        batch_op.create_index(
            "uq_responses_party_once", ["hearing_id", "organisation_id"], unique=True,
            sqlite_where=PARTY_ONLY, postgresql_where=PARTY_ONLY,
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_responses_draft_saved_by_id_contact_persons"), "contact_persons",
            ["draft_saved_by_id"], ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_responses_submitted_by_id_contact_persons"), "contact_persons",
            ["submitted_by_id"], ["id"],
        )
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.alter_column("draft", server_default=None)


def downgrade():
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_responses_submitted_by_id_contact_persons"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_responses_draft_saved_by_id_contact_persons"), type_="foreignkey")
        batch_op.drop_index("uq_responses_party_once", sqlite_where=PARTY_ONLY, postgresql_where=PARTY_ONLY)
        batch_op.drop_index(batch_op.f("ix_responses_submitted_by_id"))
        batch_op.drop_index(batch_op.f("ix_responses_draft_saved_by_id"))
        batch_op.drop_column("submitted_by_id")
        batch_op.drop_column("draft_saved_by_id")
        batch_op.drop_column("draft_saved_at")
        batch_op.drop_column("draft")
