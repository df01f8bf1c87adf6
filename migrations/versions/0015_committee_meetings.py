"""the committee's treatment as meetings of named bodies, with outcome, vote and decision; each decided
hearing's single decision becomes its first meeting

Revision ID: 0015_committee_meetings
Revises: 0014_comment_no_remarks
Create Date: 2026-12-05 12:50:19

"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import app.db_types

revision = "0015_committee_meetings"
down_revision = "0014_comment_no_remarks"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('committee_bodies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('created_at', app.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_committee_bodies_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_committee_bodies')),
    sa.UniqueConstraint('name', name=op.f('uq_committee_bodies_name'))
    )
    with op.batch_alter_table('committee_bodies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_committee_bodies_created_by_id'), ['created_by_id'], unique=False)

    op.create_table('committee_meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hearing_id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('outcome', sa.Enum('recommended', 'approved', 'noted', 'postponed', 'rejected', 'referred',
                                 name='meeting_outcome', native_enum=False, create_constraint=True, length=32),
              nullable=False),
    sa.Column('decision_text', sa.Text(), nullable=False),
    sa.Column('absent', sa.Text(), nullable=False),
    sa.Column('created_at', app.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('corrected_at', app.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['body_id'], ['committee_bodies.id'],
                            name=op.f('fk_committee_meetings_body_id_committee_bodies')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_committee_meetings_created_by_id_users')),
    sa.ForeignKeyConstraint(['hearing_id'], ['hearings.id'], name=op.f('fk_committee_meetings_hearing_id_hearings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_committee_meetings'))
    )
    with op.batch_alter_table('committee_meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_committee_meetings_body_id'), ['body_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_committee_meetings_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_committee_meetings_hearing_id'), ['hearing_id'], unique=False)

    op.create_table('meeting_votes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('side', sa.Enum('for', 'against', 'abstaining', name='vote_side', native_enum=False,
                              create_constraint=True, length=32), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('parties', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.CheckConstraint('count >= 0', name=op.f('ck_meeting_votes_count_not_negative')),
    sa.ForeignKeyConstraint(['meeting_id'], ['committee_meetings.id'],
                            name=op.f('fk_meeting_votes_meeting_id_committee_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_votes')),
    sa.UniqueConstraint('meeting_id', 'side', name=op.f('uq_meeting_votes_meeting_id_side'))
    )
    with op.batch_alter_table('meeting_votes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_votes_meeting_id'), ['meeting_id'], unique=False)

    _decisions_become_meetings()


# The minutes open with the outcome ("Anbefalet.", "Godkendt."); a decision that does not was still the
# case's last word, so it counts as approved.
_OUTCOME_WORDS = (("anbefal", "recommended"), ("godkend", "approved"), ("taget til efterretning", "noted"),
                  ("udsat", "postponed"), ("forkast", "rejected"), ("oversend", "referred"))


def _decisions_become_meetings():
    """The one decision a decided hearing held (date and text) becomes a meeting of its committee."""
    bind = op.get_bind()
    hearings = sa.table("hearings", sa.column("id"), sa.column("committee"), sa.column("decided_on"),
                        sa.column("decision_text"))
    bodies = sa.table("committee_bodies", sa.column("id"), sa.column("name"), sa.column("created_at"))
    meetings = sa.table("committee_meetings", sa.column("hearing_id"), sa.column("body_id"), sa.column("held_on"),
                        sa.column("outcome"), sa.column("decision_text"), sa.column("absent"),
                        sa.column("created_at"))
    decided = bind.execute(sa.select(hearings).where(hearings.c.decided_on.is_not(None),
                                                     hearings.c.decision_text.is_not(None))).all()
    now = datetime.now(UTC).replace(tzinfo=None) if bind.dialect.name == "sqlite" else datetime.now(UTC)
    body_ids: dict[str, int] = {}
    for hearing in decided:
        name = (hearing.committee or "").strip() or "Udvalget"
        if name not in body_ids:
            bind.execute(sa.insert(bodies).values(name=name, created_at=now))
            body_ids[name] = bind.execute(sa.select(bodies.c.id).where(bodies.c.name == name)).scalar_one()
        start = hearing.decision_text.strip().lower()
        outcome = next((value for word, value in _OUTCOME_WORDS if start.startswith(word)), "approved")
        bind.execute(sa.insert(meetings).values(
            hearing_id=hearing.id, body_id=body_ids[name], held_on=hearing.decided_on, outcome=outcome,
            decision_text=hearing.decision_text.strip(), absent="", created_at=now,
        ))


def downgrade():
    with op.batch_alter_table('meeting_votes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_votes_meeting_id'))

    op.drop_table('meeting_votes')
    with op.batch_alter_table('committee_meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_committee_meetings_hearing_id'))
        batch_op.drop_index(batch_op.f('ix_committee_meetings_created_by_id'))
        batch_op.drop_index(batch_op.f('ix_committee_meetings_body_id'))

    op.drop_table('committee_meetings')
    with op.batch_alter_table('committee_bodies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_committee_bodies_created_by_id'))

    op.drop_table('committee_bodies')
