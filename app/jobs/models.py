"""A background job and the file it made."""

from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from app.accounts.models import User
from app.db_types import UTCDateTime, enum_column_type, utcnow
from app.extensions import db
from app.labels import LabelledEnum


class JobState(LabelledEnum):
    QUEUED = "queued", _l("Venter på at gå i gang")
    RUNNING = "running", _l("I gang")
    DONE = "done", _l("Færdig")
    FAILED = "failed", _l("Mislykkedes")


class Job(db.Model):
    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint("progress_done >= 0 AND progress_total >= 0", name="progress_not_negative"),
        CheckConstraint("state <> 'done' OR result_sha256 IS NOT NULL", name="done_has_file"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))  # a key of app.jobs.operations.RUNNERS
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Two requests for the same work share one job: unique while the job is wanted (see request_job).
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    hearing_id: Mapped[int | None] = mapped_column(ForeignKey("hearings.id"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    state: Mapped[JobState] = mapped_column(enum_column_type(JobState, "job_state"), default=JobState.QUEUED)
    progress_done: Mapped[int] = mapped_column(default=0)
    progress_total: Mapped[int] = mapped_column(default=0)
    step: Mapped[str | None] = mapped_column(String(100))  # what the worker does now, a message id
    attempts: Mapped[int] = mapped_column(default=0)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(Text)  # for staff: what went wrong, never a token
    # For the person who asked, when the input itself was the trouble (a file that cannot be read): in
    # their language, with what to do; shown on the job's page.
    refusal: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    enqueued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    result_filename: Mapped[str | None] = mapped_column(String(255))
    result_mimetype: Mapped[str | None] = mapped_column(String(100))
    result_size: Mapped[int | None]
    result_sha256: Mapped[str | None] = mapped_column(String(64))
    # Deferred: the job page and lists must not pull the file from the database.
    result_data: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    # What the job works on when it is not in the database already (an uploaded draft): stored with the
    # request, so nothing uploaded is lost while the job waits, and a retry reads the same bytes.
    input_data: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))

    requested_by: Mapped[User | None] = relationship()

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)

    @property
    def percent(self) -> int:
        if self.state is JobState.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(99, round(100 * self.progress_done / self.progress_total))


# What a runner says it is doing (`progress(done, total, step)`), as people read it.
STEP_LABELS = {
    "compiling": _l("Samler høringsnotatet"),
    "writing": _l("Skriver filen"),
    "storing": _l("Gemmer filen"),
    "reading": _l("Læser filen"),
    "checking": _l("Tjekker afsnittene"),
    "retention": _l("Fjerner personoplysninger"),
    "loading": _l("Henter bemærkningerne"),
    "grouping": _l("Sammenligner teksterne"),
}

JOB_TITLES = {"memo_file": _l("Høringsnotat"), "committee_pack": _l("Udvalgspakke"),
              "memo_version_file": _l("Færdiggjort høringsnotat"),
              "draft_import": _l("Import af udkastet"),
              "retention": _l("Sletning efter tidsfristen"),
              "grouping": _l("Bemærkninger, der siger det samme"),
              "letter_text": _l("Brevets tekst")}

# Where a kind's finished result is shown instead of a download (endpoint taking slug, job_id and the
# job's params["result_args"]), and
# the form it was asked from (endpoint taking slug, and job: the refused job, whose reason it shows
# next to the field, with what was typed kept).
RESULT_PAGES = {"draft_import": "hearings.import_result", "grouping": "replies.section_replies",
                "letter_text": "staff_responses.letter_new"}
ORIGIN_PAGES = {"draft_import": "hearings.import_draft"}
FORMAT_LABELS = {"docx": "Word", "pdf": "PDF", "html": "HTML", "xlsx": "Excel", "csv": "CSV"}
