"""Open comments that say the same (a campaign's copies), found by `grouping.group_near_duplicates`.

A section with a few open comments is grouped in the request, and the groups are kept in the cache under
the open comments' ids and times of change, so the page does not read every text each time it is shown.
A section with more than GROUPING_IN_REQUEST_MAX open comments (a national hearing's campaign: thousands)
is grouped by a background worker (app/jobs): the case officer asks for it with a button, follows the
job's progress page, and comes back to the section, whose page then shows the groups. The job is keyed by
the same ids and times, so the same comments are grouped once, and a new, changed or answered comment asks
for a new grouping.
"""

from __future__ import annotations

import hashlib
import json
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from app.extensions import cache, db
from app.hearings.models import Hearing
from app.jobs.models import Job, JobState
from app.jobs.operations import JobFile, Progress, request_job
from app.replies.grouping import group_near_duplicates
from app.replies.operations import answerable
from app.responses.models import Comment

KIND = "grouping"
STEPS = 3  # load the comments, group them, store the groups (app.jobs.models.STEP_LABELS)
ALIKE_SECONDS = 3600  # how long the cache keeps a small section's groups (a change makes a new key anyway)

OpenRows = list[tuple[int, datetime]]  # the open comments, in order: (id, when it last changed)


@dataclass
class Group:
    """Open comments that say nearly the same, offered one reply together."""

    ids: list[int]
    senders: list[str]


@dataclass
class Alike:
    """What the section page shows: the groups, or that they are being found (`job`), or that they may be
    asked for (`can_ask`); `searched`: a worker grouped them (so "none" is said when there are none)."""

    groups: list[Group] = field(default_factory=list)
    job: Job | None = None
    can_ask: bool = False
    searched: bool = False


def alike(hearing: Hearing, key: str, open_rows: OpenRows, sender: dict[int, str]) -> Alike:
    if len(open_rows) < 2:
        return Alike()
    if len(open_rows) <= current_app.config["GROUPING_IN_REQUEST_MAX"]:
        return Alike(_named(_grouped_in_request(hearing, key, open_rows), sender))
    job = db.session.scalar(select(Job).where(Job.dedupe_key == _dedupe_key(hearing, key, open_rows)))
    if job is None or job.state is JobState.FAILED:
        return Alike(can_ask=True)
    if job.state is not JobState.DONE:
        return Alike(job=job)
    return Alike(_named(json.loads(job.result_data), sender), searched=True)


def order_grouping(hearing: Hearing, key: str, user) -> Job:
    """The job that groups the section's open comments as they are now (the one already asked for, when
    they have not changed). The caller commits, then enqueues."""
    return request_job(KIND, user=user, hearing_id=hearing.id, params={"key": key, "result_args": {"key": key}},
                       dedupe_key=_dedupe_key(hearing, key, open_rows(hearing, key)))


def open_rows(hearing: Hearing, key: str) -> OpenRows:
    return [tuple(row) for row in db.session.execute(
        answerable(hearing, key, Comment.id, Comment.updated_at).where(Comment.reply_id.is_(None)))]


def group_comments(job: Job, progress: Progress) -> JobFile:
    progress(0, STEPS, "loading")
    hearing = db.session.get(Hearing, job.hearing_id)
    texts = db.session.execute(answerable(hearing, job.params["key"], Comment.id, Comment.text)
                               .where(Comment.reply_id.is_(None))).all()
    progress(1, STEPS, "grouping")
    groups = group_near_duplicates([(comment_id, text) for comment_id, text in texts])
    progress(2, STEPS, "storing")
    return JobFile(json.dumps(groups).encode(), f"ens-bemaerkninger-{job.params['key']}.json", "application/json")


def _grouped_in_request(hearing: Hearing, key: str, rows: OpenRows) -> list[list[int]]:
    cache_key = f"alike:{_digest(hearing, key, rows)}"
    groups = _cached(cache_key)
    if groups is None:
        by_id = dict(db.session.execute(select(Comment.id, Comment.text).where(
            Comment.id.in_([comment_id for comment_id, _changed in rows]))).all())
        groups = group_near_duplicates([(i, by_id[i]) for i, _changed in rows if i in by_id])
        _keep(cache_key, groups)
    return groups


def _named(groups: list[list[int]], sender: dict[int, str]) -> list[Group]:
    """The groups of comments still open (one answered since the grouping drops out; a group needs two)."""
    found = [[i for i in group if i in sender] for group in groups]
    return [Group(ids, [sender[i] for i in ids]) for ids in found if len(ids) > 1]


def _digest(hearing: Hearing, key: str, rows: OpenRows) -> str:
    return f"{hearing.id}:{key}:{hashlib.sha256(repr(sorted(rows)).encode()).hexdigest()}"


def _dedupe_key(hearing: Hearing, key: str, rows: OpenRows) -> str:
    return f"grouping:{_digest(hearing, key, rows)}"[:200]


def _cached(key: str):
    try:
        return cache.get(key)
    except Exception:  # noqa: BLE001 (the cache is an aid: without it the grouping is made again)
        return None


def _keep(key: str, groups: list[list[int]]) -> None:
    with suppress(Exception):  # as above: not kept, made again next time
        cache.set(key, groups, timeout=ALIKE_SECONDS)
