"""A text's QR data: the version it needs and its codewords, error correction M, as qrcode
makes them.

qrcode builds the bits one at a time in a list (twice: once to choose the version, once for
the codewords) and divides the Reed–Solomon polynomials as lists of objects. Here the bits
are one integer, the version is chosen from counted lengths, and the error correction is a
shift-register division with a table of the generator's multiples. The codewords are the
same (tests/core/test_qr.py compares them, and whole codes, with qrcode's), in about a fifth
of the time. The text is split into numeric, alphanumeric and byte chunks by qrcode itself
(`optimal_data_chunks`, as `QRCode.add_data` does).
"""

from __future__ import annotations

import functools
from bisect import bisect_left
from collections.abc import Sequence

import qrcode.base
import qrcode.constants
import qrcode.exceptions
import qrcode.util
from qrcode import LUT

ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_M
OPTIMIZE = 20  # QRCode.add_data's default: chunks of another mode from 20 characters
_ALPHA = {c: i for i, c in enumerate(qrcode.util.ALPHA_NUM)}
_LOG = qrcode.base.LOG_TABLE
_EXP = qrcode.base.EXP_TABLE


def encode(text: str) -> tuple[int, bytes]:
    """The version `text` needs and its codewords (data then error correction, interleaved)."""
    chunks = list(qrcode.util.optimal_data_chunks(text, minimum=OPTIMIZE))
    version = _version(chunks)
    return version, _codewords(chunks, version)


def codewords_of(version: int) -> int:
    """How many codewords (data and error correction) a code of `version` holds."""
    return sum(data + ec for data, ec in _blocks(version))


def _data_length(chunk: qrcode.util.QRData) -> int:
    n = len(chunk.data)
    if chunk.mode == qrcode.util.MODE_NUMBER:
        return 10 * (n // 3) + (0, 4, 7)[n % 3]
    if chunk.mode == qrcode.util.MODE_ALPHA_NUM:
        return 11 * (n // 2) + 6 * (n % 2)
    return 8 * n


def _version(chunks: Sequence[qrcode.util.QRData]) -> int:
    """The smallest version the chunks fit in (QRCode.best_fit, from version 1)."""
    limits = qrcode.util.BIT_LIMIT_TABLE[ERROR_CORRECTION]
    start = 1
    while True:
        sizes = qrcode.util.mode_sizes_for_version(start)
        needed = sum(4 + sizes[c.mode] + _data_length(c) for c in chunks)
        version = bisect_left(limits, needed, start)
        if version == 41:
            raise qrcode.exceptions.DataOverflowError()
        if sizes is qrcode.util.mode_sizes_for_version(version):
            return version
        start = version


def _bits(chunks: Sequence[qrcode.util.QRData], version: int) -> tuple[int, int]:
    """The chunks' bits as one integer (the first bit highest) and how many there are."""
    value = length = 0

    def put(number: int, width: int) -> None:
        nonlocal value, length
        value = (value << width) | number
        length += width

    for chunk in chunks:
        data = chunk.data
        put(chunk.mode, 4)
        put(len(data), qrcode.util.length_in_bits(chunk.mode, version))
        if chunk.mode == qrcode.util.MODE_NUMBER:
            for i in range(0, len(data), 3):
                digits = data[i : i + 3]
                put(int(digits), qrcode.util.NUMBER_LENGTH[len(digits)])
        elif chunk.mode == qrcode.util.MODE_ALPHA_NUM:
            for i in range(0, len(data) - 1, 2):
                put(_ALPHA[data[i]] * 45 + _ALPHA[data[i + 1]], 11)
            if len(data) % 2:
                put(_ALPHA[data[-1]], 6)
        else:
            put(int.from_bytes(data, "big"), 8 * len(data))
    return value, length


def _codewords(chunks: Sequence[qrcode.util.QRData], version: int) -> bytes:
    value, length = _bits(chunks, version)
    blocks = _blocks(version)
    limit = 8 * sum(data for data, _ec in blocks)
    if length > limit:
        raise qrcode.exceptions.DataOverflowError(
            f"Code length overflow. Data size ({length}) > size available ({limit})"
        )
    # Up to four 0s to terminate, 0s to the byte, then the alternating pad bytes.
    end = min(limit - length, 4)
    end += -(length + end) % 8
    data = (value << end).to_bytes((length + end) // 8, "big")
    fill = (limit // 8) - len(data)
    data += (bytes((qrcode.util.PAD0, qrcode.util.PAD1)) * (fill // 2 + 1))[:fill]

    data_blocks, ec_blocks = [], []
    offset = 0
    for count, ec in blocks:
        block = data[offset : offset + count]
        offset += count
        data_blocks.append(block)
        ec_blocks.append(_remainder(block, ec))
    return _interleave(data_blocks) + _interleave(ec_blocks)


def _interleave(blocks: Sequence[bytes]) -> bytes:
    out = bytearray()
    for i in range(max(len(b) for b in blocks)):
        out.extend(b[i] for b in blocks if i < len(b))
    return bytes(out)


def _remainder(block: bytes, ec: int) -> bytes:
    """The error correction codewords: `block`·x^ec modulo the generator, over GF(256).

    The remainder is one integer of `ec` bytes; each data byte shifts it and XORs in the
    generator times that byte's factor, a row of `_products`.
    """
    products = _products(ec)
    top = 8 * (ec - 1)
    full = (1 << (8 * ec)) - 1
    remainder = 0
    for byte in block:
        remainder = ((remainder << 8) & full) ^ products[byte ^ (remainder >> top)]
    return remainder.to_bytes(ec, "big")


@functools.cache
def _products(ec: int) -> tuple[int, ...]:
    """The generator's coefficients after its leading 1, times each factor, as integers."""
    logs = _generator_logs(ec)
    rows = [0]
    for factor in range(1, 256):
        log = _LOG[factor]
        rows.append(int.from_bytes(bytes(_EXP[(g + log) % 255] for g in logs), "big"))
    return tuple(rows)


@functools.cache
def _blocks(version: int) -> tuple[tuple[int, int], ...]:
    """Each error correction block's data and error correction codeword counts."""
    return tuple(
        (b.data_count, b.total_count - b.data_count)
        for b in qrcode.base.rs_blocks(version, ERROR_CORRECTION)
    )


@functools.cache
def _generator_logs(ec: int) -> tuple[int, ...]:
    """The logs of the generator polynomial's coefficients after the leading 1 (qrcode's)."""
    if ec in LUT.rsPoly_LUT:
        coefficients = list(LUT.rsPoly_LUT[ec])
    else:
        poly = qrcode.base.Polynomial([1], 0)
        for i in range(ec):
            poly = poly * qrcode.base.Polynomial([1, qrcode.base.gexp(i)], 0)
        coefficients = [poly[i] for i in range(len(poly))]
    return tuple(_LOG[c] for c in coefficients[1:])
