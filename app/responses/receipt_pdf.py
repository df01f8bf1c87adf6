"""A submitted response as a tagged PDF (PDF/UA), for the party's own records and the receipt mail."""

from flask import render_template
from flask_babel import gettext as _

from app.responses.models import Response, ResponseSubmission


def receipt_pdf(response: Response, submission: ResponseSubmission) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which only this needs

    html = render_template("responses/receipt_pdf.html", response=response, submission=submission,
                           hearing=response.hearing, content=submission.content)
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=f"response-{response.id}".encode())


def receipt_filename(response: Response, submission: ResponseSubmission) -> str:
    return _("hoeringssvar-%(number)d.pdf", number=submission.number) if submission.number > 1 \
        else _("hoeringssvar.pdf")
