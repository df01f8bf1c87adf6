"""session id token: the municipality's ID token moves from the session cookie to the log-in session's row

Revision ID: 0028_session_id_token
Revises: 0027_cosigner_consent
Create Date: 2026-12-05 19:10:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0028_session_id_token"
down_revision = "0027_cosigner_consent"
branch_labels = None
depends_on = None


def upgrade():
    # Sessions signed in before this keep working; their single log-out falls back to the app's own log-out.
    with op.batch_alter_table("login_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("provider_id_token", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("login_sessions", schema=None) as batch_op:
        batch_op.drop_column("provider_id_token")
