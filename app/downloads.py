"""Files people download: one place names them and says who may keep a copy.

Werkzeug writes the `Content-Disposition` header, so a Danish name
("høringssvar-ældrerådet.pdf") reaches the browser whole as RFC 6266
`filename*`, with a plain-ASCII `filename` beside it for old clients.
"""

import io
from typing import TYPE_CHECKING

from flask import Response, send_file

if TYPE_CHECKING:
    from app.attachments.models import Attachment

PUBLIC_MAX_AGE = 300  # seconds a published file may be cached: a new version shows within minutes


def send_download(data: bytes | str, filename: str, mimetype: str, *, private: bool = True) -> Response:
    """`data` as a download named `filename`. A private file (personal data, staff's documents)
    is kept by no browser cache or proxy; a public one may be cached for a few minutes."""
    if isinstance(data, str):
        data = data.encode()
    response = send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=filename,
                         max_age=0 if private else PUBLIC_MAX_AGE)
    if private:
        response.headers["Cache-Control"] = "private, no-store"
    # The type is the one we decided; a browser must not guess another from the content.
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def send_attachment(attachment: "Attachment") -> Response:
    """A stored file (a response's attachment, a hearing's document), with the type decided when it came."""
    return send_download(attachment.data, attachment.filename, attachment.content_type)
