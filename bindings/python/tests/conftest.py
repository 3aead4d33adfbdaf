"""Shared fixtures. The library comes from LIBNN_LIBRARY (meson test sets it
to the build's libnn.so), else the usual lookup (see libnn/_lib.py)."""

import os
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the libnn package next to tests/

REPO = HERE.parents[2]


def header_path():
    """nn.h: $LIBNN_HEADER, the source tree's, or the installed one."""
    for candidate in (os.environ.get("LIBNN_HEADER"), REPO / "include" / "nn.h",
                      "/usr/local/include/nn.h", "/usr/include/nn.h"):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


@pytest.fixture(scope="session")
def nn_h():
    path = header_path()
    if path is None:
        pytest.skip("nn.h not found (set LIBNN_HEADER)")
    return path.read_text()


# -- the largest deviation from PyTorch, reported at the end ------------------

DEVIATIONS = {}  # kind -> (value, test id)


def record_deviation(kind, value, where):
    old = DEVIATIONS.get(kind)
    if old is None or value > old[0]:
        DEVIATIONS[kind] = (float(value), where)


def pytest_terminal_summary(terminalreporter):
    if not DEVIATIONS:
        return
    terminalreporter.write_sep("-", "libnn vs PyTorch: largest deviations")
    for kind, (value, where) in sorted(DEVIATIONS.items()):
        terminalreporter.write_line("%-32s %.3e  (%s)" % (kind, value, where))
