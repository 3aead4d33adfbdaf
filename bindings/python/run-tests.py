#!/usr/bin/python3
"""Runs the Python binding's tests: `run-tests.py [TESTS_DIR] [pytest args]`.

Exits 77 (meson's "skipped") with the reason when NumPy or pytest is
missing, so a machine without them skips the suite visibly instead of
failing it; PyTorch is optional (its oracle tests skip with a reason)."""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

missing = []
for module, package in (("numpy", "python3-numpy"), ("pytest", "python3-pytest")):
    try:
        __import__(module)
    except ImportError:
        missing.append((module, package))
if missing:
    print("python binding tests SKIPPED: %s not importable by %s; install "
          "with: apt-get install %s" % (", ".join(m for m, _ in missing),
                                        sys.executable,
                                        " ".join(p for _, p in missing)))
    sys.exit(77)

import pytest  # noqa: E402

sys.path.insert(0, HERE)
args = sys.argv[1:] or [os.path.join(HERE, "tests")]
sys.exit(pytest.main(["-q", "-rsx", "-p", "no:cacheprovider"] + args))
