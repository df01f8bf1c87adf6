"""The join's own PDF writer (app/memos/pdf_write.py): references moved, text that only looks like one
left alone, and a file pikepdf reads back with its objects in object streams."""

import pikepdf

from app.memos.pdf_write import Writer, renumber


def test_references_are_moved_and_strings_that_look_like_them_are_not():
    text = rb"<< /T (see 12 0 R \(or 13 0 R\)) /K [ 3 0 R 4 0 R ] /a1.0 5 0 R /N 1.5 /C [ 0 7 0 R ] >>"
    assert renumber(text, lambda number: number + 100) == (
        rb"<< /T (see 12 0 R \(or 13 0 R\)) /K [ 103 0 R 104 0 R ] /a1.0 105 0 R /N 1.5 /C [ 0 107 0 R ] >>")


def test_a_written_file_reads_back_with_its_objects_in_object_streams(tmp_path):
    target = tmp_path / "out.pdf"
    with target.open("wb") as file:
        writer = Writer(file)
        first = writer.reserve(4)
        catalog, pages, page, content = range(first, first + 4)
        values = writer.reserve(250)
        writer.add_stream(content, b"", b"BT ET")
        page_body = b"<< /Type /Page /Parent %d 0 R /Resources << >> /MediaBox [0 0 595 842] /Contents %d 0 R >>"
        writer.add(page, page_body % (pages, content))
        writer.add(pages, b"<< /Type /Pages /Count 1 /Kids [%d 0 R] >>" % page)
        for number in range(values, values + 250):
            writer.add(number, b"(value %d)" % number)
        writer.add(catalog, b"<< /Type /Catalog /Pages %d 0 R /Values [%s] >>" % (
            pages, b" ".join(b"%d 0 R" % number for number in range(values, values + 250))))
        writer.close(catalog, None, None)
    with pikepdf.open(target) as pdf:
        assert pdf.check_pdf_syntax() == [] and len(pdf.pages) == 1
        assert [str(value) for value in pdf.Root.Values] == [f"value {n}" for n in range(values, values + 250)]
    assert target.read_bytes().count(b" 0 obj") < 10  # 255 objects: 250 in object streams
