"""The Qt binding the lock picks must not leak or free Python's own objects.

PySide6 6.12.0 on Python 3.11 lowered None's reference count on every call that returns
nothing; None was freed mid-session and the process aborted ("none_dealloc"). Run in a child
process so a failing binding cannot take the test run down with it.
"""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
from PySide6.QtCore import QPointF
point = QPointF()
before = sys.getrefcount(None)
for _ in range(2000):
    point.setX(1.0)
print(before - sys.getrefcount(None))
"""


def test_calls_that_return_nothing_leave_none_alone():
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lost = int(done.stdout.strip())
    assert abs(lost) < 50, f"each void call changed None's refcount ({lost} in 2000 calls)"
