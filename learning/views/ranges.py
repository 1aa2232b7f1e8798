"""Serving a stored file with HTTP range requests (RFC 9110 §14), for <video> and <audio>.

Browsers fetch media in parts (`Range: bytes=0-`, then seeks): a satisfiable single range
answers 206 Partial Content with `Content-Range`; a range past the end answers 416 with
`Content-Range: bytes */<size>`; no Range header, a malformed one or several ranges at
once answer 200 with the whole file (the RFC allows ignoring a Range header).
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Iterator

from django.core.files import File
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse

CHUNK = 64 * 1024
OCTET_STREAM = "application/octet-stream"
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class Unsatisfiable(Exception):
    pass


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """The inclusive (first, last) byte of a single `bytes=` range; None to send it all.

    Raises Unsatisfiable when the range is well formed but lies outside the file.
    """
    match = _RANGE.match(header.strip().replace(" ", ""))
    if match is None:
        return None
    start, end = match.groups()
    if not start and not end:
        return None
    if not start:  # the last `end` bytes
        suffix = int(end)
        if suffix == 0 or size == 0:
            raise Unsatisfiable
        return max(0, size - suffix), size - 1
    first = int(start)
    last = int(end) if end else size - 1
    if end and last < first:
        return None  # invalid syntax: ignored
    if first >= size:
        raise Unsatisfiable
    return first, min(last, size - 1)


def _chunks(handle: File, first: int, length: int) -> Iterator[bytes]:
    try:
        handle.seek(first)
        left = length
        while left > 0:
            data = handle.read(min(CHUNK, left))
            if not data:
                break
            left -= len(data)
            yield data
    finally:
        handle.close()


def ranged_file_response(request: HttpRequest, stored: File) -> HttpResponseBase:
    """The stored file, whole (200) or the requested part (206), or 416."""
    size = stored.size
    guessed = mimetypes.guess_type(stored.name or "")[0] or ""
    # Only media types: anything else would be downloaded, never rendered by the browser.
    content_type = guessed if guessed.startswith(("audio/", "video/")) else OCTET_STREAM
    try:
        wanted = parse_range(request.headers.get("Range", ""), size)
    except Unsatisfiable:
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{size}"
        refused["Accept-Ranges"] = "bytes"
        return refused
    first, last = wanted if wanted is not None else (0, size - 1)
    length = max(0, last - first + 1)
    if request.method == "HEAD":
        body: Iterator[bytes] = iter(())
    else:
        handle = stored.open("rb")
        body = _chunks(handle, first, length)
    response = StreamingHttpResponse(body, status=206 if wanted else 200)
    response["Content-Type"] = content_type
    response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    if wanted is not None:
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
    return response
