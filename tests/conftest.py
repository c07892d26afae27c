"""Sphinx's test fixtures, pointed at the test projects in ``tests/roots``.

Every test builds a temporary copy of a root (``srcdir=`` in the ``sphinx``
mark, or ``make_app(srcdir=...)`` on a folder under ``tmp_path``): nothing is
ever built inside the repository.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
for folder in (TESTS.parent / "ext", TESTS):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

pytest_plugins = ("sphinx.testing.fixtures",)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return TESTS / "roots"
