"""Serving stored files: always as a download, with the type we decided."""

from app.attachments.models import Attachment
from app.downloads import send_download


def send_attachment(attachment: Attachment):
    return send_download(attachment.data, attachment.filename, attachment.content_type)
