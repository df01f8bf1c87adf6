"""Every comment with its reply as a table: CSV and XLSX, one row per comment; also the comments a large
memo only counts, found by their place in the appendix, so the spreadsheet holds the whole hearing.

Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return)
as a formula, so such a text gets a leading apostrophe: what a party wrote is
shown, never executed.
"""

from __future__ import annotations

import csv
import io

from flask_babel import force_locale
from flask_babel import gettext as _

from app.memos.content import MemoComment, MemoContent, MemoPoint
from app.memos.render import MEMO_LANGUAGE, labels

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def rows(memo: MemoContent) -> tuple[list[str], list[list[str]]]:
    """The header and one row per comment: section, party, text, reply, outcome, status, money."""
    with force_locale(MEMO_LANGUAGE):
        outcomes = labels()["outcomes"]
        header = [_("Afsnit"), _("Høringspart"), _("Bemærkning"), _("Forvaltningens bemærkning"), _("Udfald"),
                  _("Status"), _("Økonomiske konsekvenser")]
        general = _("Generelle bemærkninger")
        placed = [(general, point) for point in memo.general] + [
            (section.label, point) for section in memo.sections for point in section.points
        ]
        table = []
        for label, point in placed:
            status = _("Godkendt") if point.approved else (_("Ikke godkendt") if point.reply else _("Ikke besvaret"))
            money = (point.financial_note or _("Ja")) if point.financial_consequence else _("Nej")
            # a point the general remarks answer, or one taken note of, says so; one not answered stays empty
            reply = point.reply or (point.answer(memo.is_final) if point.in_general or point.outcome == "noted" else "")
            for sender, comment in _answered(memo, point):
                table.append([comment.section_label or label, sender, comment.text, reply,
                              outcomes.get(point.outcome, "") if point.outcome else "", status, money])
    return header, table


def _answered(memo: MemoContent, point: MemoPoint) -> list[tuple[str, MemoComment]]:
    """Every comment the point answers, with its sender: by its place in the appendix ("3:2"), as a large
    memo shows only some; for a memo frozen before it kept those places, the comments it shows."""
    if not point.comment_refs:
        return [(comment.sender, comment) for comment in point.comments]
    answered = []
    for ref in point.comment_refs:
        response, comment = (int(number) - 1 for number in ref.split(":"))
        answered.append((memo.appendix[response].sender, memo.appendix[response].comments[comment]))
    return answered


def safe_cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def memo_csv(memo: MemoContent) -> bytes:
    """UTF-8 with a byte-order mark, so Excel reads Danish letters right."""
    header, table = rows(memo)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[safe_cell(cell) for cell in row] for row in table])
    return out.getvalue().encode("utf-8-sig")


def memo_xlsx(memo: MemoContent) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    header, table = rows(memo)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Bemærkninger")[:31]
    sheet.append(header)
    for row in table:
        sheet.append([safe_cell(cell) for cell in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFG", (40, 24, 70, 70, 22, 16, 30), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.data_type = "s"  # text, never a formula
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    workbook.properties.title = memo.hearing_title
    workbook.properties.language = "da-DK"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
