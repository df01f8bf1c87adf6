"""sign-in with the municipality's login and MitID: who the provider says a user is, a response verified
with MitID, an organisation's CVR number

Revision ID: 0025_sso
Revises: 0024_more_jobs
Create Date: 2026-12-05 16:30:00

"""
import sqlalchemy as sa
from alembic import op

from app.db_types import UTCDateTime

revision = "0025_sso"
down_revision = "0024_more_jobs"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cvr", sa.String(length=8), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_organisations_cvr"), ["cvr"])

    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("mitid_verified_at", UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("mitid_subject", sa.String(length=255), nullable=True))

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("oidc_issuer", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("oidc_subject", sa.String(length=255), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_users_oidc_issuer_oidc_subject"), ["oidc_issuer", "oidc_subject"])
        batch_op.create_check_constraint(
            "oidc_issuer_with_subject", "(oidc_issuer IS NULL) = (oidc_subject IS NULL)")


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint("ck_users_oidc_issuer_with_subject", type_="check")
        batch_op.drop_constraint(batch_op.f("uq_users_oidc_issuer_oidc_subject"), type_="unique")
        batch_op.drop_column("oidc_subject")
        batch_op.drop_column("oidc_issuer")

    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_column("mitid_subject")
        batch_op.drop_column("mitid_verified_at")

    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_organisations_cvr"), type_="unique")
        batch_op.drop_column("cvr")
