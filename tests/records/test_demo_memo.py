"""The 2019 demo's finalised memo: filed into a folder, every file's SHA-256 as its manifest says (a
done-when line of #21); and its committee pack, made by the real worker and downloaded."""

import hashlib
import io
import json
import zipfile

import pikepdf
import pytest
from docx import Document as WordDocument

from app.accounts.models import Role
from app.extensions import db
from app.memos.operations import finalise
from app.records import documents, operations
from app.records.adapters.folder import MANIFEST, folder_name
from app.records.models import FilingState
from tests.factories import make_user
from tests.jobs_worker import fetch_through_job
from tests.records.helpers import settled


@pytest.fixture
def filed_demo(app, demo, tmp_path, jobs_worker):
    app.config.update(RECORDS_ADAPTER="folder", RECORDS_FOLDER=str(tmp_path))
    officer = make_user(Role.STAFF)
    demo.officers.append(officer)
    memo = finalise(demo, officer, "Demoen har punkter uden svar.")
    db.session.commit()
    operations.file_on_case(demo)
    rows = settled(demo.id, len(documents.documents_of(demo)))
    return demo, memo, officer, rows, tmp_path


def test_the_demo_memo_filed_in_a_folder_matches_its_manifest(filed_demo):
    demo, memo, _officer, rows, folder = filed_demo
    assert all(row.state is FilingState.FILED for row in rows)
    [memo_row] = [row for row in rows if row.kind == "memo"]
    assert memo_row.document_key == f"memo:{memo.id}:v1" and memo_row.records_id == folder_name(memo_row.document_key)
    manifest = json.loads((folder / memo_row.records_id / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["case_number"] == demo.case_number == "27.12.00-P27-1-19"
    assert manifest["title"].startswith("Høringsnotat, version 1:")
    [entry] = manifest["files"]
    data = (folder / memo_row.records_id / entry["name"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == entry["sha256"] == memo_row.sha256
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.docinfo["/Title"]).startswith("Høringsnotat")
    # Every other document of the case too: the responses, the letter, the draft, the memo's appendix.
    assert {row.kind for row in rows} == {"letter", "draft", "response_text", "memo", "memo_appendix"}
    for row in rows:
        manifest = json.loads((folder / row.records_id / MANIFEST).read_text(encoding="utf-8"))
        for entry in manifest["files"]:
            assert hashlib.sha256((folder / row.records_id / entry["name"]).read_bytes()).hexdigest() == entry["sha256"]


def test_the_committee_pack_of_the_demo_memo(client, auth, filed_demo):
    demo, memo, officer, rows, _folder = filed_demo
    auth.log_in(officer)
    preview = client.get(f"/medarbejder/hoeringer/{demo.slug}/hoeringsnotat").get_data(as_text=True)
    url = f"/medarbejder/hoeringer/{demo.slug}/hoeringsnotat/version/1/udvalgspakke"
    assert url in preview
    assert "Lav udvalgspakken" in client.get(url).get_data(as_text=True)
    download, job = fetch_through_job(client, url)
    assert job.state.value == "done", job.error
    assert download.status_code == 200 and download.mimetype == "application/zip"
    assert download.headers["Cache-Control"] == "private, no-store"
    with zipfile.ZipFile(io.BytesIO(download.data)) as pack:
        manifest = json.loads(pack.read("manifest.json"))
        names = [entry["name"] for entry in manifest["files"]]
        assert sorted([*names, "manifest.json"]) == sorted(pack.namelist())
        for entry in manifest["files"]:
            assert hashlib.sha256(pack.read(entry["name"])).hexdigest() == entry["sha256"]
        pdf_name, docx_name = f"hoeringsnotat-{demo.slug}-v1.pdf", f"hoeringsnotat-{demo.slug}-v1.docx"
        with pikepdf.open(io.BytesIO(pack.read(pdf_name))) as pdf:
            metadata = pdf.open_metadata()
            assert metadata["pdfaid:part"] == "2" and metadata["pdfaid:conformance"] == "B"
            assert pdf.Root.MarkInfo.Marked and "/StructTreeRoot" in pdf.Root  # still tagged
        word = WordDocument(io.BytesIO(pack.read(docx_name)))
        assert any("Høringsnotat" in p.text for p in word.paragraphs)
        # The version's appendix files, which the memo names, as staff and the committee download them.
        assert {f"hoeringsnotat-{demo.slug}-v1-bilag.pdf", f"hoeringsnotat-{demo.slug}-v1-bilag.docx"} <= set(names)
        [appendix] = [name for name in names if name.startswith("bilag/")]  # the demo's one letter, in full
        assert "Høringssvar fra Handicaprådet" in pack.read(appendix).decode()
    assert manifest["case_number"] == "27.12.00-P27-1-19"
    assert manifest["memo"] == {"version": 1, "sha256": memo.sha256, "finalised_at": memo.finalised_at.isoformat()}
    assert {(r["key"], r["records_id"]) for r in manifest["records"]} == {(r.document_key, r.records_id) for r in rows}


def test_a_memo_of_a_few_hundred_points_is_laid_out_as_pdf_a_for_the_pack(client, auth, app, jobs_worker):
    """A memo of more points than a PDF is made in parts from (PDF_PART_POINTS) but fewer than the pack's
    own bound (pack.PDF_A_POINTS) is still laid out once more as PDF/A-2b for the committee pack."""
    from app.records.pack import PDF_A_POINTS
    from tests.memos.large import large_hearing

    hearing = large_hearing()  # 202 points
    officer = make_user(Role.STAFF)
    hearing.officers.append(officer)
    finalise(hearing, officer, "Svarene godkendes i udvalget.")
    db.session.commit()
    assert app.config["PDF_PART_POINTS"] < 202 <= PDF_A_POINTS
    auth.log_in(officer)
    url = f"/medarbejder/hoeringer/{hearing.slug}/hoeringsnotat/version/1/udvalgspakke"
    download, job = fetch_through_job(client, url)
    assert job.state.value == "done", job.error
    with zipfile.ZipFile(io.BytesIO(download.data)) as pack, \
            pikepdf.open(io.BytesIO(pack.read(f"hoeringsnotat-{hearing.slug}-v1.pdf"))) as pdf:
        assert pdf.open_metadata()["pdfaid:part"] == "2"
