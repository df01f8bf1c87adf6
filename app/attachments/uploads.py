"""Reading a form that takes files: the limit holds before anything reads the form, and a file
too large is kept only far enough to be refused by name, so the typed text always reaches the view.

CSRF protection and the rate limiter read the form before the view runs, so a limit a view sets
on its own request comes too late: the app's MAX_CONTENT_LENGTH (25 MB) had already answered a
bare 413 to two 14 MB PDFs. A view marked with `accepts_files` gets its limits from the request
itself, whoever reads the form first.

The forms promise 10 files of 20 MB. The body may be larger than that promise (a person picks a
video by mistake): it is read to its end, each file kept up to one byte over 20 MB and at most
KEPT_FILES of them, so the text fields arrive and the files are refused by name next to their
field. Only a body over MAX_REQUEST_BYTES is refused before it is read.
"""

import tempfile

from flask import Request, current_app

from app.attachments.checks import MAX_ATTACHMENT_BYTES
from app.db_types import utcnow

MAX_FILES = 10
# The promise (10 files of 20 MB and the texts, 212 MB) with room for files picked by mistake.
MAX_REQUEST_BYTES = 512 * 1024 * 1024
# A comment may be 30,000 characters; a text field is refused with a reason, never by a 413.
MAX_FIELD_BYTES = 12 * 1024 * 1024
# Files after these are named ("at most 10 files"), not kept.
KEPT_FILES = MAX_FILES
SPOOL_BYTES = 512 * 1024  # as Werkzeug's own: a larger file goes to a temporary file, not memory


def accepts_files(view):
    """Mark a view whose form takes files (put it nearest the function, so wrappers copy the mark)."""
    view.accepts_files = True
    return view


class CappedFile:
    """A file upload that keeps its first `keep` bytes and drops the rest (while counting it)."""

    def __init__(self, keep: int) -> None:
        self._file = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, mode="rb+")  # noqa: SIM115 (FileStorage closes it)
        self._room = keep
        self.received = 0

    def write(self, data: bytes) -> int:
        self.received += len(data)
        if self._room > 0:
            kept = data[: self._room]
            self._file.write(kept)
            self._room -= len(kept)
        return len(data)

    def __getattr__(self, name: str):
        return getattr(self._file, name)


class UploadRequest(Request):
    """Flask's request, with the limits of a view marked `accepts_files`, and the time it arrived."""

    _files_started = 0

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Before anything reads the body: an upload begun before the deadline may end after it.
        self.arrived_at = utcnow()

    def _accepts_files(self) -> bool:
        view = current_app.view_functions.get(self.endpoint) if current_app and self.endpoint else None
        return bool(getattr(view, "accepts_files", False))

    @property
    def max_content_length(self) -> int | None:
        if self._max_content_length is None and self._accepts_files():
            return MAX_REQUEST_BYTES
        return super().max_content_length

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value

    @property
    def max_form_memory_size(self) -> int | None:
        if self._max_form_memory_size is None and self._accepts_files():
            return MAX_FIELD_BYTES
        return super().max_form_memory_size

    @max_form_memory_size.setter
    def max_form_memory_size(self, value: int | None) -> None:
        self._max_form_memory_size = value

    def _get_file_stream(self, total_content_length, content_type, filename=None, content_length=None):
        if not self._accepts_files():
            return super()._get_file_stream(total_content_length, content_type, filename, content_length)
        self._files_started += 1
        return CappedFile(MAX_ATTACHMENT_BYTES + 1 if self._files_started <= KEPT_FILES else 0)
