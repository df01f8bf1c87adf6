"""Each adapter against a records system of its own: the HTTP ones against small servers on loopback
(tests/records/servers.py), the folder one on disk. A failure is tried again; an answer lost after the
system stored the document does not store it twice."""

import hashlib
import json
from datetime import date

import pytest

from app.records.adapters import Document, FilingError
from app.records.adapters.folder import MANIFEST, FolderAdapter
from app.records.adapters.getorganized import GetOrganizedAdapter, marker
from app.records.adapters.sbsys import SbsysAdapter
from tests.records.servers import GO_PASSWORD, GO_USER, SBSYS_CLIENT, SBSYS_SECRET, GetOrganizedServer, SbsysServer

CONTENT = "Høringssvar fra Handicaprådet\n".encode() * 50


def a_document(key: str = "response:7:v1") -> Document:
    return Document(key=key, case_number="27.12.00-P27-1-19", title="Høringssvar fra Handicaprådet (version 1)",
                    filename="hoeringssvar-7-v1.pdf", mimetype="application/pdf", content=CONTENT,
                    sha256=hashlib.sha256(CONTENT).hexdigest(), dated=date(2019, 6, 3), sender="Handicaprådet")


@pytest.fixture
def getorganized():
    with GetOrganizedServer() as server:
        yield server


@pytest.fixture
def sbsys():
    with SbsysServer() as server:
        yield server


def go_adapter(server, password=GO_PASSWORD):
    return GetOrganizedAdapter(server.url, GO_USER, password, timeout=5)


def sbsys_adapter(server, secret=SBSYS_SECRET):
    return SbsysAdapter(server.url, f"{server.url}/token", SBSYS_CLIENT, secret, timeout=5)


def test_getorganized_files_the_document_on_the_case_once(getorganized):
    adapter = go_adapter(getorganized)
    first = adapter.file(a_document())
    assert first == getorganized.documents[0].id
    stored = getorganized.documents[0]
    assert stored.case == "27.12.00-P27-1-19" and stored.content == CONTENT
    assert stored.name == f"{marker('response:7:v1')} hoeringssvar-7-v1.pdf"
    assert 'ows_Title="Høringssvar fra Handicaprådet (version 1)"' in stored.meta["metadata"]
    assert stored.meta["list"] == "Dokumenter"
    # Asked again (a retried task): the lookup finds it, nothing is added.
    assert adapter.file(a_document()) == first
    assert len(getorganized.documents) == 1
    assert ("POST", "/_goapi/Search/Results") in getorganized.requests
    # Another document is another file.
    assert adapter.file(a_document("response:7:v2")) != first
    assert len(getorganized.documents) == 2


def test_getorganized_failure_then_success(getorganized):
    adapter = go_adapter(getorganized)
    getorganized.fail_next = 1
    with pytest.raises(FilingError, match="HTTP 500"):
        adapter.file(a_document())
    assert getorganized.documents == []
    assert adapter.file(a_document()) == getorganized.documents[0].id
    assert len(getorganized.documents) == 1


def test_getorganized_lost_answer_is_not_filed_twice(getorganized):
    adapter = go_adapter(getorganized)
    getorganized.drop_next = 1  # GetOrganized stores it, the answer never comes
    doc_id = adapter.file(a_document())
    assert [d.id for d in getorganized.documents] == [doc_id]
    # Looked up, added (the answer lost), looked up again and found.
    assert getorganized.requests == [("POST", "/_goapi/Search/Results"), ("POST", "/_goapi/Documents/AddToCase"),
                                     ("POST", "/_goapi/Search/Results")]
    assert adapter.file(a_document()) == doc_id
    assert len(getorganized.documents) == 1


def test_getorganized_wrong_password_is_a_filing_error(getorganized):
    with pytest.raises(FilingError, match="HTTP 401"):
        go_adapter(getorganized, password="forkert").file(a_document())  # noqa: S106
    assert getorganized.documents == []


def test_sbsys_files_with_a_client_credentials_token_once(sbsys):
    adapter = sbsys_adapter(sbsys)
    first = adapter.file(a_document())
    stored = sbsys.documents[0]
    assert first == stored.id and stored.case == "27.12.00-P27-1-19" and stored.content == CONTENT
    assert stored.meta == {"key": "response:7:v1", "title": "Høringssvar fra Handicaprådet (version 1)",
                           "sha256": hashlib.sha256(CONTENT).hexdigest()}
    assert adapter.file(a_document()) == first
    assert len(sbsys.documents) == 1
    assert sbsys.requests.count(("POST", "/token")) == 1  # the token is kept while it lives


def test_sbsys_failure_then_success_and_a_lost_answer(sbsys):
    adapter = sbsys_adapter(sbsys)
    sbsys.fail_next = 1
    with pytest.raises(FilingError, match="HTTP 500"):
        adapter.file(a_document())
    assert sbsys.documents == []
    sbsys.drop_next = 1
    doc_id = adapter.file(a_document())
    assert [d.id for d in sbsys.documents] == [doc_id]
    assert adapter.file(a_document()) == doc_id and len(sbsys.documents) == 1


def test_sbsys_wrong_secret_gets_no_token(sbsys):
    with pytest.raises(FilingError, match="HTTP 401"):
        sbsys_adapter(sbsys, secret="forkert").file(a_document())  # noqa: S106
    assert sbsys.documents == []


def test_folder_writes_the_file_and_its_manifest_once(tmp_path):
    adapter = FolderAdapter(tmp_path)
    name = adapter.file(a_document())
    assert name == "response-7-v1"
    folder = tmp_path / name
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["case_number"] == "27.12.00-P27-1-19"
    assert manifest["title"] == "Høringssvar fra Handicaprådet (version 1)"
    assert manifest["date"] == "2019-06-03" and manifest["sender"] == "Handicaprådet"
    [entry] = manifest["files"]
    assert hashlib.sha256((folder / entry["name"]).read_bytes()).hexdigest() == entry["sha256"]
    assert adapter.file(a_document()) == name
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no second folder, no temporary one left
