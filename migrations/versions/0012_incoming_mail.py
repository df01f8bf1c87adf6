"""mail that came to a hearing's own address, waiting for a case officer's check (flask letters fetch)

Revision ID: 0012_incoming_mail
Revises: 0011_jobs
Create Date: 2026-12-05 12:49:09

"""
import sqlalchemy as sa
from alembic import op

import app.db_types

revision = "0012_incoming_mail"
down_revision = "0011_jobs"
branch_labels = None
depends_on = None

TIMESTAMP = app.db_types.UTCDateTime(timezone=True)


def upgrade():
    op.create_table('incoming_mails',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hearing_id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.String(length=500), nullable=False),
    sa.Column('content_sha256', sa.String(length=64), nullable=False),
    sa.Column('imap_uid', sa.BigInteger(), nullable=False),
    sa.Column('imap_uidvalidity', sa.BigInteger(), nullable=True),
    sa.Column('sender_email', sa.String(length=254), nullable=False),
    sa.Column('sender_name', sa.String(length=200), nullable=False),
    sa.Column('subject', sa.String(length=500), nullable=False),
    sa.Column('sent_at', TIMESTAMP, nullable=True),
    sa.Column('fetched_at', TIMESTAMP, nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.Enum('waiting', 'registered', 'set_aside', name='incoming_state', native_enum=False,
                               create_constraint=True, length=32), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=True),
    sa.Column('handled_by_id', sa.Integer(), nullable=True),
    sa.Column('handled_at', TIMESTAMP, nullable=True),
    sa.Column('moved_at', TIMESTAMP, nullable=True),
    sa.CheckConstraint("state <> 'registered' OR response_id IS NOT NULL",
                       name=op.f('ck_incoming_mails_registered_has_response')),
    sa.CheckConstraint("state = 'waiting' OR handled_at IS NOT NULL", name=op.f('ck_incoming_mails_handled_has_time')),
    sa.CheckConstraint('length(content_sha256) = 64', name=op.f('ck_incoming_mails_content_sha256_length')),
    sa.ForeignKeyConstraint(['contact_id'], ['contact_persons.id'],
                            name=op.f('fk_incoming_mails_contact_id_contact_persons')),
    sa.ForeignKeyConstraint(['handled_by_id'], ['users.id'], name=op.f('fk_incoming_mails_handled_by_id_users')),
    sa.ForeignKeyConstraint(['hearing_id'], ['hearings.id'], name=op.f('fk_incoming_mails_hearing_id_hearings')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                            name=op.f('fk_incoming_mails_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['response_id'], ['responses.id'], name=op.f('fk_incoming_mails_response_id_responses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incoming_mails')),
    sa.UniqueConstraint('message_id', 'content_sha256', name='uq_incoming_mails_message')
    )
    with op.batch_alter_table('incoming_mails', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incoming_mails_contact_id'), ['contact_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_incoming_mails_handled_by_id'), ['handled_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_incoming_mails_hearing_id'), ['hearing_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_incoming_mails_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_incoming_mails_response_id'), ['response_id'], unique=False)

    op.create_table('incoming_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mail_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=True),
    sa.Column('refusal', sa.Text(), nullable=True),
    sa.CheckConstraint('refusal IS NOT NULL OR length(sha256) = 64', name=op.f('ck_incoming_files_kept_has_sha256')),
    sa.ForeignKeyConstraint(['mail_id'], ['incoming_mails.id'], name=op.f('fk_incoming_files_mail_id_incoming_mails'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incoming_files'))
    )
    with op.batch_alter_table('incoming_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incoming_files_mail_id'), ['mail_id'], unique=False)



def downgrade():
    with op.batch_alter_table('incoming_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incoming_files_mail_id'))

    op.drop_table('incoming_files')
    with op.batch_alter_table('incoming_mails', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incoming_mails_response_id'))
        batch_op.drop_index(batch_op.f('ix_incoming_mails_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_incoming_mails_hearing_id'))
        batch_op.drop_index(batch_op.f('ix_incoming_mails_handled_by_id'))
        batch_op.drop_index(batch_op.f('ix_incoming_mails_contact_id'))

    op.drop_table('incoming_mails')
