"""Peak resident memory of this process."""

from __future__ import annotations

import resource
import sys
from pathlib import Path


def peak_rss_kb() -> int:
    """Linux: VmHWM of this process image. (``ru_maxrss`` is not used there: Linux carries it
    across fork and exec, so a child of a big harness would report the harness's peak.)"""
    status = Path("/proc/self/status")
    if sys.platform == "linux" and status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # macOS: bytes, others: KiB
