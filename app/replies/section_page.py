"""What one section's page in the reply workspace shows, loaded a page at a time.

A section of a national hearing has thousands of comments (bench/RESULTS.md: 2,000 on one), most of them
a campaign's copies under one shared reply. The page lists them in the order they came, so the order is
read for all of them as a few columns (id, reply, sender); only the replies and open comments of the pages
shown are loaded as objects.
"""

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.hearings.models import Hearing
from app.paging import Page, paginate
from app.parties.models import Organisation
from app.replies import operations as replying
from app.replies.alike import OpenRows
from app.replies.models import Reply
from app.responses.models import Comment, Response


@dataclass
class Shared:
    """A reply on the page: the comments it answers (the first few shown), how many, and who sent them."""

    reply: Reply
    shown: list[Comment]
    count: int
    senders: list[str]


@dataclass
class SectionPage:
    total: int  # the section's comments
    replies: Page[Shared]
    open_comments: Page[Comment]
    open_ids: list[int] = field(default_factory=list)  # every open comment of the section, in order
    open_rows: OpenRows = field(default_factory=list)  # and when each last changed
    sender: dict[int, str] = field(default_factory=dict)  # every comment's sender, by its id


def section_page(hearing: Hearing, key: str, *, replies_page: int | None, replies_per_page: int,
                 open_page: int | None, open_per_page: int, shown_per_reply: int) -> SectionPage:
    order = db.session.execute(
        _with_sender(replying.answerable(hearing, key, Comment.id, Comment.reply_id, Comment.updated_at))
    ).all()
    sender = {comment_id: _name(organisation, citizen) for comment_id, _reply, _updated, organisation, citizen in order}
    reply_ids = list(dict.fromkeys(row.reply_id for row in order if row.reply_id is not None))
    open_rows = [(row.id, row.updated_at) for row in order if row.reply_id is None]
    open_ids = [comment_id for comment_id, _updated in open_rows]
    replies = paginate(reply_ids, replies_page, replies_per_page)
    opened = paginate(open_ids, open_page, open_per_page)
    return SectionPage(
        total=len(order), replies=_page_of(replies, _shared(replies.items, shown_per_reply)),
        open_comments=_page_of(opened, _comments(opened.items)), open_ids=open_ids, open_rows=open_rows,
        sender=sender,
    )


def _name(organisation: str | None, citizen: str | None) -> str:
    return organisation or citizen or ""  # Response.sender_name, from columns


def _with_sender(query):
    return query.add_columns(Organisation.name, Response.citizen_name).outerjoin(
        Organisation, Response.organisation_id == Organisation.id)


def _page_of(page: Page, items: list) -> Page:
    return Page(items, page.number, page.count, page.first, page.last, page.total)


def _comments(ids: list[int]) -> list[Comment]:
    """The comments with these ids, in this order, with their responses (the sender, the time)."""
    if not ids:
        return []
    found = {c.id: c for c in db.session.scalars(
        select(Comment).where(Comment.id.in_(ids))
        .options(selectinload(Comment.response).selectinload(Response.organisation)))}
    return [found[i] for i in ids if i in found]


def _shared(reply_ids: list[int], shown_per_reply: int) -> list[Shared]:
    """The page's replies with every comment they answer counted and named, and the first few loaded."""
    if not reply_ids:
        return []
    replies = {r.id: r for r in db.session.scalars(select(Reply).where(Reply.id.in_(reply_ids)))}
    answered: dict[int, list[tuple[int, str]]] = {i: [] for i in reply_ids}
    for reply_id, comment_id, *name in db.session.execute(_with_sender(
        select(Comment.reply_id, Comment.id).join(Response, Comment.response_id == Response.id)
        .where(Comment.reply_id.in_(reply_ids)).order_by(Comment.id)  # the order of Reply.comments
    )):
        answered[reply_id].append((comment_id, _name(*name)))
    loaded = {c.id: c for c in _comments([i for rows in answered.values() for i, _name in rows[:shown_per_reply]])}
    return [Shared(replies[i], [loaded[c] for c, _name in answered[i][:shown_per_reply]], len(answered[i]),
                   list(dict.fromkeys(name for _id, name in answered[i])))
            for i in reply_ids if i in replies]
