"""subscriptions to hearings: who asked for mail about new hearings or a memo, the mails sent to them,
and the one-click unsubscribe address of a queued mail

Revision ID: 0019_subscriptions
Revises: 0018_start_pages
Create Date: 2026-12-05 16:13:35

"""
import sqlalchemy as sa
from alembic import op

revision = "0019_subscriptions"
down_revision = "0018_start_pages"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("topic", sa.Enum("new_hearings", "committee", "hearing", name="subscription_topic",
                                   native_enum=False, create_constraint=True, length=32), nullable=False),
        sa.Column("committee", sa.String(length=200), nullable=True),
        sa.Column("hearing_id", sa.Integer(), nullable=True),
        sa.Column("scope", sa.String(length=260), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("topic <> 'committee' OR committee IS NOT NULL",
                           name=op.f("ck_subscriptions_committee_named")),
        sa.CheckConstraint("topic <> 'hearing' OR hearing_id IS NOT NULL", name=op.f("ck_subscriptions_hearing_named")),
        sa.ForeignKeyConstraint(["hearing_id"], ["hearings.id"], name=op.f("fk_subscriptions_hearing_id_hearings"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscriptions")),
        sa.UniqueConstraint("email", "scope", name=op.f("uq_subscriptions_email_scope")),
    )
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_subscriptions_email"), ["email"], unique=False)
        batch_op.create_index(batch_op.f("ix_subscriptions_hearing_id"), ["hearing_id"], unique=False)

    op.create_table(
        "subscription_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("hearing_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.Enum("opened", "memo_published", name="subscription_event", native_enum=False,
                                   create_constraint=True, length=32), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["hearing_id"], ["hearings.id"],
                                name=op.f("fk_subscription_notices_hearing_id_hearings"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscription_notices")),
        sa.UniqueConstraint("email", "hearing_id", "event",
                            name=op.f("uq_subscription_notices_email_hearing_id_event")),
    )
    with op.batch_alter_table("subscription_notices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_subscription_notices_email"), ["email"], unique=False)
        batch_op.create_index(batch_op.f("ix_subscription_notices_hearing_id"), ["hearing_id"], unique=False)

    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("list_unsubscribe", sa.String(length=500), nullable=True))


def downgrade():
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_column("list_unsubscribe")
    with op.batch_alter_table("subscription_notices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subscription_notices_hearing_id"))
        batch_op.drop_index(batch_op.f("ix_subscription_notices_email"))
    op.drop_table("subscription_notices")
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subscriptions_hearing_id"))
        batch_op.drop_index(batch_op.f("ix_subscriptions_email"))
    op.drop_table("subscriptions")
