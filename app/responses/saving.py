"""A party's form saved onto its working copy under the response's lock, and submitted in the same transaction.

Called by the party's POST (`views.party_save`): the typed text is merged field by field (`drafts.merge`),
files added or removed, and with the submit button the merged copy is submitted (`operations.submit`).
"""

from flask import flash, request
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from app.extensions import db
from app.hearings.models import PartyLink, Section
from app.links import external_url
from app.responses import drafts
from app.responses import operations as responding
from app.responses.models import Response
from app.responses.outline import SectionRow

# A save merges onto the row it locked (PostgreSQL); on SQLite, which has no row locks, a colleague's save
# in between is caught by the version counter and merged again. Each attempt loses only to a save that
# was taken, so this many saving at the very same moment still all get through.
SAVE_ATTEMPTS = 10


def save_texts(link: PartyLink, sections: list[Section] | list[SectionRow], form, now, files=(), *,
               submit: bool = False, started: bool = True,
               ) -> tuple[Response | None, drafts.Merge | None, responding.SubmitResult | None]:
    """Merge what was typed into the working copy, and add or remove files, all in one locked save, so a
    colleague's save in between is merged onto, never lost (nor makes the file lost). A field with an error
    is not saved, only shown back. No merge (None) when others kept saving in between every attempt:
    nothing is saved, the text is shown.

    With `submit`, the same transaction submits the working copy as merged (a submission result), unless
    something stops it: someone else's text in a field, a file left out, or what `submission_problems` puts
    next to the fields; then the save alone is committed, so nothing typed is lost. One transaction, not a
    save and then a submit: the submit read its locked response again and committed a second time (issue
    20); only files sent with it are committed first. A second press of the button waits for the lock,
    finds the same text (and the same file) and changes nothing. Not `started` (the request found no
    response), the first attempt inserts one without reading again (a round trip a first save, issue 20)."""
    sent = {name: value for name, value in form.sent_values().items() if not form._fields[name].errors}
    # A plain dict of the first values, once: not through the request proxy for each of 205 fields, and a base
    # not sent (a client without the page's hidden fields) is not an exception raised and caught each time.
    posted, empty = request.form.to_dict(), drafts.digest("")
    sent_bases = {name: posted.get(f"base-{name}", empty) for name in sent}
    removing = request.form.get("remove_attachment", type=int)
    receipt_link = external_url("responses.party_start", token=request.view_args["token"]) if submit else None
    for attempt in range(SAVE_ATTEMPTS):
        try:
            response = responding.start_party_response(link.invitation, lock=True,
                                                       last_try=attempt == SAVE_ATTEMPTS - 1,
                                                       none_yet=attempt == 0 and not started)
            merged = responding.save_draft(response, sent, sent_bases, link.contact, now)
            if removing is not None:
                responding.remove_attachment(response, removing)
            left_out = [name for name, data, content_type in files
                        if not responding.add_attachment_if_room(response, name, data, content_type)]
            problems, submitted = {}, None
            if submit and not merged.conflicts and not left_out:
                problems = responding.submission_problems(response, sections)
                if not problems and files:  # kept whatever becomes of the submit: a 20 MB file is not sent again
                    commit_keeping_loaded()
                    response = responding.party_response(link.invitation, lock=True)
                    # A colleague's save may have come in while the lock was let go: check what is sent now.
                    problems = responding.submission_problems(response, sections)
                if not problems:
                    submitted = responding.submit(response, sections, link.contact, now, link=receipt_link)
            commit_keeping_loaded()
        except (StaleDataError, IntegrityError):
            # Someone of the same party saved or submitted in between, or started the response at the same
            # time (the party's unique index, at this save's flush): the next attempt merges onto theirs.
            db.session.rollback()
            continue
        if removing is not None:
            flash(_("Filen er fjernet."), "success")
        for name in left_out:
            form.attachments.errors.append(_("Der kan højst vedhæftes 10 filer. %(name)s er ikke vedhæftet.",
                                             name=name))
        for name, message in problems.items():
            form._fields[name].errors.append(message)
        return response, merged, submitted
    return responding.party_response(link.invitation), None, None


def commit_keeping_loaded() -> None:
    """Commit the save without expiring what the request has loaded (the link, its hearing, the draft's
    sections, the response as just written, under its lock): nothing else can have changed them meanwhile,
    and read again, they cost eight round trips and 200 sections built anew for the page shown after a
    save (issue 20: intake)."""
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True
