"""cosigner consent: a co-signature named through a party's link is pending until that party accepts it

Revision ID: 0027_cosigner_consent
Revises: 0026_memo_files
Create Date: 2026-12-05 18:00:00

"""
import sqlalchemy as sa
from alembic import op

from app.db_types import UTCDateTime

revision = "0027_cosigner_consent"
down_revision = "0026_memo_files"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("response_cosigners", schema=None) as batch_op:
        batch_op.add_column(sa.Column("accepted_at", UTCDateTime(timezone=True), nullable=True))
    # A letter staff registered names its co-signers on the evidence of the letter: accepted when it came.
    # Those a party named through its link stay pending: the named party never agreed.
    op.execute(
        "UPDATE response_cosigners SET accepted_at = (SELECT COALESCE(responses.submitted_at, responses.created_at)"
        " FROM responses WHERE responses.id = response_cosigners.response_id AND responses.kind = 'letter')"
    )


def downgrade():
    with op.batch_alter_table("response_cosigners", schema=None) as batch_op:
        batch_op.drop_column("accepted_at")
