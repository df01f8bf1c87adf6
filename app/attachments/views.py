"""Serving stored files: always as a download, with the type we decided."""

import io

from flask import send_file

from app.attachments.models import Attachment


def send_attachment(attachment: Attachment):
    response = send_file(
        io.BytesIO(attachment.data),
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=attachment.filename,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
