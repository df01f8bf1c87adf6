"""The timer (`flask hearings tick`) files what no event sent: a hearing opened by the clock, a decision,
and a document whose message was lost; a hearing without a case number files nothing."""

import json
from datetime import date

from app.hearings.models import HearingState
from app.records.adapters.folder import MANIFEST
from app.records.models import FilingState
from tests.factories import make_hearing
from tests.records.helpers import settled


def test_the_tick_files_each_hearing_once(app, db, tmp_path, jobs_worker):
    app.config.update(RECORDS_ADAPTER="folder", RECORDS_FOLDER=str(tmp_path))
    opened = make_hearing(state=HearingState.OPEN, case_number="00.01.00-A00-1-26", letter="Kære høringspart.")
    decided = make_hearing(state=HearingState.DECIDED, case_number="00.01.00-A00-2-26", decided_on=date(2026, 11, 3),
                           decision_text="Anbefalet.", committee="Social- og Sundhedsudvalget")
    no_case = make_hearing(state=HearingState.OPEN)
    db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["hearings", "tick"])
    assert result.exit_code == 0, result.output
    assert "records: 5 documents sent to be filed" in result.output  # letter and draft of each, a decision

    rows = settled(opened.id, 2)
    assert [row.kind for row in rows] == ["letter", "draft"] and all(r.state is FilingState.FILED for r in rows)
    letter = json.loads((tmp_path / rows[0].records_id / MANIFEST).read_text(encoding="utf-8"))
    assert letter["case_number"] == "00.01.00-A00-1-26" and letter["sender"] == app.config["MUNICIPALITY_NAME"]
    assert "Kære høringspart." in (tmp_path / rows[0].records_id / "hoeringsbrev.txt").read_text(encoding="utf-8")
    rows = settled(decided.id, 3)
    [decision] = [row for row in rows if row.kind == "decision"]
    manifest = json.loads((tmp_path / decision.records_id / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["date"] == "2026-11-03" and manifest["sender"] == "Social- og Sundhedsudvalget"
    assert settled(no_case.id, 0) == []

    again = runner.invoke(args=["hearings", "tick"])
    assert "records: 0 documents sent to be filed" in again.output  # all filed: nothing new
    assert len(list(tmp_path.iterdir())) == 5
