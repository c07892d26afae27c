"""A real browser for what readers click: Debian's Chromium driven by Playwright.

Shared by the browser tests (through the fixtures of ``conftest.py``) and the
benchmarks. Chromium comes from Debian (`apt-get install chromium`, done by
`.ci/run`), never from `playwright install`. As root it needs `--no-sandbox`;
the background networking flags keep it from calling home on a machine with
a closed network. Pages are served over HTTP on a free local port, as a host
would serve them (Pagefind's index cannot be fetched from `file://`).

Accessibility is checked with axe-core, the engine of the
``axe-playwright-python`` package (pinned in ``requirements-test.txt``, which
pins the axe-core it ships): :func:`axe_violations` runs it in the page.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, Page, Playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def launch(playwright: Playwright) -> Browser:
    """Headless Debian Chromium."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)


class Server(http.server.ThreadingHTTPServer):
    # The search page fetches dozens of index files at once: the default
    # backlog (5) refuses some connections on a busy machine.
    request_queue_size = 128


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """Serve *folder* over HTTP on a free port; its base URL (no trailing slash)."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


#: what the archive promises: WCAG 2.2 levels A and AA, as axe-core tags its rules
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")


def axe_violations(page: Page, tags: tuple[str, ...] = WCAG_TAGS) -> list[dict[str, Any]]:
    """axe-core's violations of the rules tagged *tags* on the page as it is now."""
    from axe_playwright_python.base import AXE_SCRIPT

    page.evaluate(AXE_SCRIPT)
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        list(tags),
    )
    return list(results["violations"])


def describe(violations: list[dict[str, Any]]) -> list[str]:
    """One line per violation: the rule, its impact, and the first elements at fault."""
    lines = []
    for violation in violations:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {targets}")
    return lines


def build_site(root: Path, out: Path) -> Path:
    """Build *root* (a folder laid out like the archive) in every language, with its search index,
    as ``python -m communiques.tools.site`` does; the site's folder."""
    import pytest

    from communiques.core.languages import LANGUAGES
    from communiques.tools import site

    layout = site.Layout(root=root, out=out / "site", doctrees=out / "doctrees")
    with pytest.MonkeyPatch.context() as patch:
        # Sphinx runs in a child process, which must find the extension too.
        extension = str(Path(__file__).resolve().parents[1] / "ext")
        patch.setenv("PYTHONPATH", os.pathsep.join([extension, os.environ.get("PYTHONPATH", "")]))
        for lang in LANGUAGES:
            assert site.build_language(lang, layout, jobs=1) == 0, f"the {lang} build failed"
            assert site.index_search(lang, layout) == 0
    return layout.out
