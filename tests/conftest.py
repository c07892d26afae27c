"""Sphinx's test fixtures, pointed at the test projects in ``tests/roots``, and the shared browser.

Every test builds a temporary copy of a root (``srcdir=`` in the ``sphinx``
mark, or ``make_app(srcdir=...)`` on a folder under ``tmp_path``): nothing is
ever built inside the repository.

Markers (``pyproject.toml``): ``browser`` for tests that drive Chromium (given
to every test that uses the :func:`browser` fixture, directly or through
``page``), ``slow`` for tests that build a whole site or a large record.
``tox -e py313 -- -m "not slow"`` is the quick loop; without Chromium, browser
tests are skipped, not failed.

Reader-facing tests share one browser (``browser``, a fresh ``page`` per test
that fails on any script error), one local server per module (``serve``) and one build
of the archive (``archive_site``, both languages with their search index).
"""

from __future__ import annotations

import functools
import importlib.util
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

TESTS = Path(__file__).resolve().parent
for folder in (TESTS.parent / "ext", TESTS):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from browser import CHROMIUM, build_site, launch, serving  # noqa: E402 (needs the tests folder on sys.path)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, Page

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


def reads_the_live_archive(item: pytest.Item) -> bool:
    """Whether *item* builds or reads the archive's own records (``source/``, ``locales/``).

    By convention such fixtures are named ``live_…``; a test that reads the
    archive without one carries the ``content`` mark itself.
    """
    return any(name.startswith("live_") for name in getattr(item, "fixturenames", ()))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
        # What a pull request that touches only records runs (`.ci/run records`,
        # `pytest -m content`): the tests of the live archive's rules.
        if reads_the_live_archive(item):
            item.add_marker(pytest.mark.content)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page in a fresh context; the test fails if a script of the page throws."""
    context = browser.new_context()
    errors: list[str] = []
    one = context.new_page()
    one.on("pageerror", lambda error: errors.append(str(error)))
    yield one
    context.close()
    assert errors == [], f"errors in the page's scripts: {errors}"


@pytest.fixture(scope="module")
def serve() -> Iterator[functools.partial[str]]:
    """``serve(folder)``: the base URL of *folder* served over HTTP on a free port.

    For one module at a time: a server's thread left running would make every
    later test that forks (parallel reading) fork a multi-threaded process.
    """
    with ExitStack() as servers:
        urls: dict[Path, str] = {}

        def url(folder: Path) -> str:
            if folder not in urls:
                urls[folder] = servers.enter_context(serving(folder))
            return urls[folder]

        yield functools.partial(url)


@pytest.fixture(scope="session")
def live_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The archive itself (``source/``), built in every language with its search index."""
    from communiques.tools import site

    return build_site(site.ROOT, tmp_path_factory.mktemp("archive-site"))


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The frozen seed archive (``tests/roots/test-seed-archive``), built in every language
    with its search index: for tests about particular records, whatever ``source/`` holds."""
    from helpers import seed_archive

    work = tmp_path_factory.mktemp("seed-site")
    return build_site(seed_archive(work / "root"), work)
