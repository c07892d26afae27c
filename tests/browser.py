"""A real browser for what readers click: Debian's Chromium driven by Playwright.

Shared by the browser tests and the search benchmark. Chromium comes from
Debian (`apt-get install chromium`, done by `.ci/run`), never from
`playwright install`. As root it needs `--no-sandbox`; the background
networking flags keep it from calling home on a machine with a closed network.
Pages are served over HTTP on a free local port, as a host would serve them
(Pagefind's index cannot be fetched from `file://`).
"""

from __future__ import annotations

import functools
import http.server
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, Playwright

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
