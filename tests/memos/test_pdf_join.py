"""The join of tagged parts (app/memos/pdf_join.py) trusts the page count its caller gives (the workers
report each part's pages), and refuses a count the parts do not have rather than number pages wrongly."""

import pikepdf
import pytest
from weasyprint import HTML

from app.memos.pdf_join import join_tagged


def _part(path, pages: int):
    html = '<html lang="da"><title>Del</title>' + "".join(
        f'<h1 style="break-before: page">Side {n}</h1><p>Tekst.</p>' for n in range(pages))
    path.write_bytes(HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"))
    return path


def test_the_given_page_count_is_used_and_a_wrong_one_refused(tmp_path):
    parts = [_part(tmp_path / "a.pdf", 2), _part(tmp_path / "b.pdf", 3)]
    assert join_tagged(parts, [], tmp_path / "joined.pdf", total=5) == 5
    with pikepdf.open(tmp_path / "joined.pdf") as joined:
        assert len(joined.pages) == 5 and "/StructTreeRoot" in joined.Root
    assert join_tagged(parts, [], tmp_path / "counted.pdf") == 5  # counted where no count is given
    with pytest.raises(ValueError, match="5 pages, not 4"):
        join_tagged(parts, [], tmp_path / "wrong.pdf", total=4)
