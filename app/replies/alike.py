"""Comments that say the same (a campaign's copies), found by `grouping.group_near_duplicates`.

A section with a few comments is grouped in the request (milliseconds). A section with more than
GROUPING_IN_REQUEST_MAX open comments (a national hearing's campaign: thousands) is grouped by a
background worker (app/jobs): the case officer asks for it with a button, follows the job's progress
page, and comes back to the section, whose page then shows the groups. The job is keyed by the open
comments' ids and texts, so the same comments are grouped once, and new ones ask for a new grouping.
"""

from __future__ import annotations

import hashlib
import json

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.hearings.models import Hearing
from app.jobs.models import Job, JobState
from app.jobs.operations import JobFile, Progress, request_job
from app.replies.grouping import group_near_duplicates
from app.replies.operations import answerable_comments
from app.responses.models import Comment

KIND = "grouping"
STEPS = 3  # load the comments, group them, store the groups (app.jobs.models.STEP_LABELS)


class Alike:
    """What the section page shows: the groups (lists of open comments), or that they are being found
    (`job`), or that they may be asked for (`can_ask`); `searched`: a worker grouped them (so "none" is
    said when there are none)."""

    def __init__(self, groups: list[list[Comment]], job: Job | None = None, can_ask: bool = False,
                 searched: bool = False) -> None:
        self.groups, self.job, self.can_ask, self.searched = groups, job, can_ask, searched


def alike(hearing: Hearing, key: str, comments: list[Comment]) -> Alike:
    open_comments = {c.id: c for c in comments if c.reply_id is None}
    if len(open_comments) <= current_app.config["GROUPING_IN_REQUEST_MAX"]:
        return Alike(_of(open_comments, group_near_duplicates([(c.id, c.text) for c in open_comments.values()])))
    job = db.session.scalar(select(Job).where(Job.dedupe_key == _dedupe_key(hearing, key, open_comments)))
    if job is None or job.state is JobState.FAILED:
        return Alike([], can_ask=True)
    if job.state is not JobState.DONE:
        return Alike([], job=job)
    return Alike(_of(open_comments, json.loads(job.result_data)), searched=True)


def order_grouping(hearing: Hearing, key: str, user) -> Job:
    """The job that groups the section's open comments as they are now (the one already asked for, when
    they have not changed). The caller commits, then enqueues."""
    open_comments = {c.id: c for c in answerable_comments(hearing, key) if c.reply_id is None}
    return request_job(KIND, user=user, hearing_id=hearing.id, params={"key": key, "result_args": {"key": key}},
                       dedupe_key=_dedupe_key(hearing, key, open_comments))


def group_comments(job: Job, progress: Progress) -> JobFile:
    progress(0, STEPS, "loading")
    hearing = db.session.get(Hearing, job.hearing_id)
    texts = [(c.id, c.text) for c in answerable_comments(hearing, job.params["key"]) if c.reply_id is None]
    progress(1, STEPS, "grouping")
    groups = group_near_duplicates(texts)
    progress(2, STEPS, "storing")
    return JobFile(json.dumps(groups).encode(), f"ens-bemaerkninger-{job.params['key']}.json", "application/json")


def _of(open_comments: dict[int, Comment], groups: list[list[int]]) -> list[list[Comment]]:
    """The groups of comments still open (one answered since the grouping drops out; a group needs two)."""
    found = [[open_comments[i] for i in group if i in open_comments] for group in groups]
    return [group for group in found if len(group) > 1]


def _dedupe_key(hearing: Hearing, key: str, open_comments: dict[int, Comment]) -> str:
    digest = hashlib.sha256()
    for comment_id in sorted(open_comments):
        digest.update(f"{comment_id}\x00{open_comments[comment_id].text}\x00".encode())
    return f"grouping:{hearing.id}:{key}:{digest.hexdigest()}"[:200]
