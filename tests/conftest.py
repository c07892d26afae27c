"""Sphinx's test fixtures, pointed at the test projects in ``tests/roots``, and the shared browser.

Every test builds a temporary copy of a root (``srcdir=`` in the ``sphinx``
mark, or ``make_app(srcdir=...)`` on a folder under ``tmp_path``): nothing is
ever built inside the repository.

Markers (``pyproject.toml``): ``browser`` for tests that drive Chromium (given
to every test that uses the :func:`browser` fixture), ``slow`` for tests that
build a whole site or a large record. ``tox -e py313 -- -m "not slow"`` is
the quick loop; without Chromium, browser tests are skipped, not failed.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

TESTS = Path(__file__).resolve().parent
for folder in (TESTS.parent / "ext", TESTS):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from browser import CHROMIUM, launch  # noqa: E402 (needs the tests folder on sys.path)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser

pytest_plugins = ("sphinx.testing.fixtures",)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return TESTS / "roots"


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if importlib.util.find_spec("playwright") is None:
        return "needs the playwright package (requirements-test.txt)"
    if not CHROMIUM.exists():
        return "needs Debian's chromium (apt-get install chromium)"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium, one for the whole session (see ``browser.py``)."""
    missing = browser_missing()
    if missing:
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
