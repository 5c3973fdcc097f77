"""bench/run.py: what the benchmark reads, checked without running it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.run import ROOT, memory_mb

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/status").exists(), reason="reads /proc (Linux only)"
)

CHILD = "from bench.run import memory_mb; print(memory_mb('VmHWM'))"


def test_memory_mb_peak_is_the_child_own_not_the_parent():
    # measure_pdf reads the render's peak in a subprocess of a bench that has seeded and
    # measured thousands of cases; ru_maxrss there reported the parent's peak (issue 8).
    ballast = bytearray(200 * 2**20)
    ballast[::4096] = b"\x01" * (len(ballast) // 4096)  # touch every page: resident
    assert memory_mb("VmHWM") >= 200

    out = subprocess.run(  # noqa: S603 (our own fixed command line)
        [sys.executable, "-c", CHILD], cwd=ROOT, capture_output=True, text=True, check=True
    )
    del ballast

    assert int(out.stdout) < 100


def test_memory_mb_current_is_at_most_the_peak():
    assert 0 < memory_mb("VmRSS") <= memory_mb("VmHWM")
