"""A gzip body of pieces compressed once and a request's own bytes (app/gzip_pieces.py): whatever the pieces,
a gzip reader gets back exactly their bytes in order, and the trailer's CRC and length check out."""

import gzip
import random
import zlib

from app.gzip_pieces import GzipBody, keep


def _random_html(rng: random.Random, size: int) -> bytes:
    words = [b"<p>", b"</p>\n", b"afsnit", b"Handicapr\xc3\xa5det", b"  ", b"&amp;", b"\xc3\xa6ldre", b"<label>"]
    out = bytearray()
    while len(out) < size:
        out += rng.choice(words) if rng.random() < 0.8 else rng.randbytes(rng.randrange(1, 9))
    return bytes(out[:size])


def test_kept_and_own_pieces_decompress_to_the_bytes_in_their_order():
    rng = random.Random(20)
    for _round in range(30):
        body, expected = GzipBody(), b""
        for _piece in range(rng.randrange(0, 8)):
            data = _random_html(rng, rng.choice([0, 1, 40, 3000, 70_000]))
            if rng.random() < 0.5:
                body.add_kept(keep(data))
            else:
                body.add_own(data)
            expected += data
        made = body.finish()
        assert gzip.decompress(made) == expected  # checks the trailer's CRC-32 and length
        assert zlib.decompress(made, wbits=31) == expected


def test_an_own_part_longer_than_a_stored_block_is_split():
    data = _random_html(random.Random(1), 200_000)
    body = GzipBody()
    body.add_own(data)
    assert gzip.decompress(body.finish()) == data


def test_a_kept_piece_is_compressed():
    page = b"<li><input type=checkbox> Handicapr\xc3\xa5det</li>\n" * 5000
    assert len(keep(page).deflated) < len(page) / 20
