"""A PDF written object by object as it is made, for a join that never holds the whole file: objects go
into object streams of a hundred (a third of the file's size), streams stand alone, and a cross-reference
stream ends the file. Objects of a file being copied keep their bodies; `renumber` moves their references.
"""

from __future__ import annotations

import re
import struct
import zlib
from array import array

OBJECTS_PER_STREAM = 200
# A reference "12 0 R" in qpdf's unparsed text; literal strings are matched first (qpdf escapes their
# parentheses), so text that looks like a reference is left alone.
_REFERENCE = re.compile(rb"\((?:[^()\\]|\\.)*\)|(?<![^\s\[])(\d+) (\d+) R", re.S)


def renumber(text: bytes, numbers) -> bytes:
    """`text` (unparsed PDF) with each reference N 0 R made `numbers(N)` 0 R."""
    def replace(match):
        if match.group(1) is None:
            return match.group(0)
        return b"%d 0 R" % numbers(int(match.group(1)))
    return _REFERENCE.sub(replace, text)


class Writer:
    def __init__(self, file):
        self.file = file
        self.kinds, self.fields, self.indexes = bytearray(b"\0"), array("Q", [0]), array("I", [65535])
        self._pending: list[tuple[int, bytes]] = []
        file.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    def reserve(self, count: int = 1) -> int:
        """`count` new object numbers in a row; returns the first."""
        first = len(self.kinds)
        self.kinds.extend(b"\0" * count)
        self.fields.extend([0] * count)
        self.indexes.extend([0] * count)
        return first

    def add(self, number: int, body: bytes) -> None:
        """An object that is not a stream, in the next object stream."""
        self._pending.append((number, body))
        if len(self._pending) >= OBJECTS_PER_STREAM:
            self._flush()

    def add_stream(self, number: int, dictionary: bytes, data: bytes) -> None:
        """A stream: `dictionary` its entries without /Length, `data` as it is stored (encoded)."""
        self._at(number, 1, self.file.tell(), 0)
        self.file.write(b"%d 0 obj\n<< %s /Length %d >>\nstream\n" % (number, dictionary, len(data)))
        self.file.write(data)
        self.file.write(b"\nendstream\nendobj\n")

    def close(self, root: int, info: int | None, identifier: bytes | None) -> None:
        self._flush()
        number, offset = self.reserve(), self.file.tell()
        rows = b"".join(struct.pack(">BQI", kind, field, index)
                        for kind, field, index in zip(self.kinds, self.fields, self.indexes, strict=True))
        data = zlib.compress(rows)
        trailer = b"/Type /XRef /Size %d /W [1 8 4] /Root %d 0 R /Filter /FlateDecode" % (len(self.kinds), root)
        trailer += (b" /Info %d 0 R" % info if info else b"") + (b" /ID " + identifier if identifier else b"")
        self.add_stream(number, trailer, data)
        self.file.write(b"startxref\n%d\n%%%%EOF\n" % offset)

    def _at(self, number: int, kind: int, field: int, index: int) -> None:
        self.kinds[number], self.fields[number], self.indexes[number] = kind, field, index

    def _flush(self) -> None:
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        header, bodies, offset = [], [], 0
        for number, body in pending:
            header.append(b"%d %d" % (number, offset))
            bodies.append(body)
            offset += len(body) + 1
        head = b" ".join(header) + b"\n"
        number = self.reserve()
        self.add_stream(number, b"/Type /ObjStm /N %d /First %d /Filter /FlateDecode" % (len(pending), len(head)),
                        zlib.compress(head + b"\n".join(bodies) + b"\n"))
        for index, (object_number, _body) in enumerate(pending):
            self._at(object_number, 2, number, index)
