"""A gzip body put together per request from pieces compressed once, with the request's own parts between.

A kept page that differs per reader only in a few short parts (the party's page, app/responses/
kept_party_page.py: 470 KB of HTML, of which a name, a link and a token are the party's own) would cost more
to compress per request than to fill in. Each kept piece is compressed once, as a deflate stream of its own
ended on a byte boundary (a sync flush), so that pieces follow one another as one deflate stream, as pigz
puts its blocks together; a request's own parts go between them as stored blocks. The CRC-32 in the gzip
trailer is combined from the pieces' own by zlib's crc32_combine, which Python's zlib module does not
offer; the operator for a kept piece's length is worked out when the piece is kept, as tables.
"""

from __future__ import annotations

import struct
import zlib
from array import array
from dataclasses import dataclass

HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # gzip, deflate; no name, no time, no flags
_END = zlib.compressobj(wbits=-15).flush()  # an empty last block: the end of the deflate stream
_STORED_MAX = 0xFFFF  # a stored block holds at most this many bytes
_POLY = 0xEDB88320  # CRC-32's polynomial, its bits reversed as zlib holds it


def _multiply(a: int, b: int) -> int:
    """a × b modulo the CRC-32 polynomial (zlib's multmodp)."""
    product, bit = 0, 1 << 31
    while a:
        if a & bit:
            product ^= b
            a ^= bit
        bit >>= 1
        b = (b >> 1) ^ _POLY if b & 1 else b >> 1
    return product


_POWERS = [1 << 30]  # x^(2^n) modulo the polynomial for n = 0 … 31 (x itself is bit 30)
for _n in range(31):
    _POWERS.append(_multiply(_POWERS[-1], _POWERS[-1]))


def _shift(length: int) -> int:
    """x^(8 × length) modulo the polynomial (zlib's x2nmodp(length, 3)): it carries a CRC past `length`
    bytes, so that crc(a + b) = _multiply(_shift(len(b)), crc(a)) ^ crc(b)."""
    power, k = 1 << 31, 3
    while length:
        if length & 1:
            power = _multiply(_POWERS[k & 31], power)
        length >>= 1
        k += 1
    return power


def _byte_tables(operator: int) -> array:
    """crc → _multiply(operator, crc) as four tables of 256, one for each byte of the CRC (the map is
    linear): four look-ups a response instead of up to 32 steps of Python."""
    tables = array("I", bytes(4 * 1024))
    for byte in range(4):
        base = 256 * byte
        for bit in range(8):
            value, step = _multiply(operator, 1 << (8 * byte + bit)), 1 << bit
            for low in range(step):  # the entries whose highest bit is `bit`
                tables[base + step + low] = tables[base + low] ^ value
    return tables


@dataclass(frozen=True)
class Piece:
    """Bytes compressed once: their deflate blocks, ended on a byte boundary; their CRC-32 and length; and
    the tables that carry a CRC past them."""

    deflated: bytes
    crc: int
    length: int
    past: array


def keep(data: bytes) -> Piece:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return Piece(compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH), zlib.crc32(data), len(data),
                 _byte_tables(_shift(len(data))))


class GzipBody:
    """One response's body: kept pieces and own bytes in the order they are added."""

    def __init__(self) -> None:
        self._chunks = [HEADER]
        self._crc = 0
        self._length = 0

    def add_kept(self, piece: Piece) -> None:
        self._chunks.append(piece.deflated)
        crc, past = self._crc, piece.past
        self._crc = (past[crc & 255] ^ past[256 + (crc >> 8 & 255)] ^ past[512 + (crc >> 16 & 255)]
                     ^ past[768 + (crc >> 24)] ^ piece.crc)
        self._length += piece.length

    def add_own(self, data: bytes) -> None:
        """Bytes of this response alone, as stored (uncompressed) blocks: they are short."""
        for start in range(0, len(data), _STORED_MAX):
            block = data[start:start + _STORED_MAX]
            self._chunks.append(b"\0" + struct.pack("<HH", len(block), len(block) ^ 0xFFFF) + block)
        self._crc = zlib.crc32(data, self._crc)
        self._length += len(data)

    def finish(self) -> bytes:
        return b"".join([*self._chunks, _END, struct.pack("<II", self._crc, self._length & 0xFFFFFFFF)])
