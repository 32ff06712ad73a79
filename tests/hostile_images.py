"""Legal images built to be expensive to decode, for the hostile-input tests and benchmarks."""

from __future__ import annotations

import functools
import io

from PIL import Image


@functools.lru_cache(maxsize=8)
def many_scan_jpeg(extra_scans: int, side: int = 4096) -> bytes:
    """A legal progressive JPEG (SOF2) of a flat frame whose first AC scan is repeated ``extra_scans`` times: each
    scan is ~56 bytes (an EOB run over every block), and Pillow decodes the whole frame once per scan."""
    out = io.BytesIO()
    Image.new("L", (side, side), 128).save(out, "JPEG", progressive=True, quality=50)
    data = out.getvalue()
    starts = []
    at = data.find(b"\xff\xda")
    while at >= 0:
        starts.append(at)
        at = data.find(b"\xff\xda", at + 2)
    end = data.rfind(b"\xff\xd9")
    ac_scan = data[starts[1] : starts[2]]
    return data[:end] + ac_scan * extra_scans + data[end:]
