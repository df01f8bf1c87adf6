"""retention: when a hearing's personal data was removed

Revision ID: 0006_retention
Revises: 0005_revised_draft
Create Date: 2026-12-02 09:00:00

"""
import sqlalchemy as sa
from alembic import op

import app.db_types

revision = "0006_retention"
down_revision = "0005_revised_draft"
branch_labels = None
depends_on = None

TIMESTAMP = app.db_types.UTCDateTime(timezone=True)


def upgrade():
    with op.batch_alter_table("hearings") as batch_op:
        batch_op.add_column(sa.Column("personal_data_removed_at", TIMESTAMP, nullable=True))


def downgrade():
    with op.batch_alter_table("hearings") as batch_op:
        batch_op.drop_column("personal_data_removed_at")
