"""The committee pack: one ZIP for an agenda system or a secretary, made by a background worker.

It holds a finalised memo version as PDF/A-2b (tagged: WeasyPrint's `pdf_tags`, since one file can carry
only one of its variants, PDF/A-2b or PDF/UA-1) and as Word, the appendix (each response in full, as its
receipt PDF gives it, with the files attached to it), the members' questions and answers when the
hearing has any, and `manifest.json`: case number, versions, every file's SHA-256, and the records
system's ids of what is filed on the case.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

from flask_babel import force_locale
from sqlalchemy import select

from app.committee.questions import exports as question_papers
from app.committee.questions import operations as questions
from app.extensions import db
from app.hearings.models import Hearing
from app.jobs.operations import JobFile, Progress, request_job
from app.memos.content import MemoContent
from app.memos.exports import file_name
from app.memos.jobs import version_file
from app.memos.models import Memo
from app.memos.render import memo_document_html
from app.records import documents
from app.records.documents import request_context
from app.records.models import FilingRecord, FilingState

KIND = "committee_pack"
STEPS = 4
ZIP = "application/zip"

# A memo of up to this many points is laid out once more as PDF/A-2b for the pack, in one pass (WeasyPrint holds
# the whole layout in memory: 400 points took about 200 MB); a larger one goes in as its stored PDF/UA, made in parts.
PDF_A_POINTS = 400


def order_pack(memo: Memo, user):
    """The job that makes this memo version's pack; one at a time per version (a double click shares it)."""
    return request_job(KIND, user=user, hearing_id=memo.hearing_id, params={"memo_id": memo.id},
                       dedupe_key=f"pack:{memo.id}")


def memo_pdf_a(memo: MemoContent, identifier: str, appendix_name: str) -> bytes:
    """The memo as PDF/A-2b (WeasyPrint writes one standard per file: tagged, but not claiming PDF/UA),
    naming its appendix file, as the memo's own PDF does."""
    from weasyprint import HTML  # imported here: it loads Pango, which only this needs

    html = memo_document_html(memo, for_print=True, appendix_name=appendix_name)
    return HTML(string=html).write_pdf(pdf_variant="pdf/a-2b", pdf_tags=True, pdf_identifier=identifier.encode())


def questions_files(hearing: Hearing) -> list[tuple[str, bytes]]:
    """The committee members' questions and the administration's answers, as (name, bytes), in Word and
    PDF as the members get them; none when no member asked."""
    asked = questions.questions(hearing)
    if not asked:
        return []
    table = question_papers.rows(asked)
    files = []
    for file_format in ("pdf", "docx"):
        content, _mimetype, filename = question_papers.export(hearing, table, file_format)
        files.append((filename, content))
    return files


def make_pack(job, progress: Progress) -> JobFile:
    memo = db.session.get(Memo, job.params["memo_id"])
    hearing = db.session.get(Hearing, memo.hearing_id)
    content = MemoContent.from_dict(memo.content)
    base = f"hoeringsnotat-{content.slug}-v{memo.version}"
    files: list[tuple[str, bytes]] = []
    progress(0, STEPS, "compiling")
    with request_context(), force_locale("da"):
        if len(content.points) <= PDF_A_POINTS:
            files.append((f"{base}.pdf", memo_pdf_a(content, base, file_name(content, "pdf", memo.version,
                                                                              "appendix"))))
        else:  # laid out in one pass, a memo that large would not fit in memory: its stored PDF/UA, made in parts
            stored = version_file(memo, "pdf")
            files.append((stored.filename, stored.content))
        progress(1, STEPS, "writing")
        # The finalised version's own files, as staff and the committee download them: Word, and the appendix.
        for file_format, part in (("docx", "memo"), ("pdf", "appendix"), ("docx", "appendix")):
            stored = version_file(memo, file_format, part)
            files.append((stored.filename, stored.content))
        progress(2, STEPS, "writing")
        files += _appendix(hearing)
        files += [(f"spoergsmaal/{name}", data) for name, data in questions_files(hearing)]
    progress(3, STEPS, "storing")
    manifest = _manifest(hearing, memo, files)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            archive.writestr(name, data)
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
    return JobFile(buffer.getvalue(), f"udvalgspakke-{content.slug}-v{memo.version}.zip", ZIP)


def _appendix(hearing: Hearing) -> list[tuple[str, bytes]]:
    """Each submitted response in full, as it is filed (its latest version: the receipt PDF, or the text of
    a letter kept without a copy), with the files attached to it."""
    latest: dict[str, documents.Wanted] = {}
    for wanted in documents.documents_of(hearing):
        if wanted.kind in ("response", "response_text", "attachment"):
            latest[wanted.key.rsplit(":v", 1)[0] if wanted.kind != "attachment" else wanted.key] = wanted
    files = []
    for number, wanted in enumerate(latest.values(), start=1):
        built = documents.build(wanted.kind, wanted.object_id, hearing)
        files.append((f"bilag/{number:03d}-{built.filename.replace('/', '_')}", built.content))
    return files


def _manifest(hearing: Hearing, memo: Memo, files: list[tuple[str, bytes]]) -> dict:
    filed = db.session.scalars(select(FilingRecord).where(FilingRecord.hearing_id == hearing.id,
                                                          FilingRecord.state == FilingState.FILED)
                               .order_by(FilingRecord.id)).all()
    versions = db.session.scalars(select(Memo).where(Memo.hearing_id == hearing.id).order_by(Memo.version)).all()
    return {
        "case_number": hearing.case_number, "hearing": hearing.title, "committee": hearing.committee,
        "memo": {"version": memo.version, "sha256": memo.sha256, "finalised_at": memo.finalised_at.isoformat()},
        "memo_versions": [{"version": m.version, "sha256": m.sha256} for m in versions],
        "files": [{"name": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                  for name, data in files],
        "records": [{"key": f.document_key, "title": f.title, "records_id": f.records_id, "system": f.adapter,
                     "sha256": f.sha256} for f in filed],
    }
