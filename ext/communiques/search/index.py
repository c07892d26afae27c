"""Build a language's search index with Pagefind, after Sphinx has written it.

``python -m communiques.tools.site`` calls :func:`index_language` once a
language's HTML build has succeeded; it writes ``<lang>/pagefind/``, the
index the search page loads (one per language: each site searches its own
language, with its stemmer and its names in the filters). Run it alone with
``python -m communiques.search.index <site>/<lang>``.

Pagefind reads the pages as Sphinx wrote them, marked up by our templates
(see :mod:`communiques.search.markup`): only record bodies are indexed, with their
filters, metadata and sort keys. It reads them through one character
filter, :func:`index_text`: Sphinx prints apostrophes as ``’`` (its
smartquotes), Pagefind splits words at ASCII punctuation only, so
``l’économie`` would be indexed as one word, ``léconomie``, and a search for
``économie`` would miss it. The index is therefore built from copies of the
pages in which ``’`` reads ``'``; the published pages are not changed.

Indexing is skipped when no page changed since the last index (a
fingerprint of the pages, kept with the doctrees),
so a second run of the site build with nothing changed stays quick.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

#: the index's folder inside a language's site
BUNDLE_DIR = "pagefind"

#: folders of a language's site that hold no pages to index
SKIP_DIRS = frozenset({BUNDLE_DIR, "_static", "_sources", "_images", "_downloads"})

#: where the fingerprint of the last indexed pages is kept (in the doctrees' folder)
FINGERPRINT_FILE = "pagefind-fingerprint"

#: parts of a record's body that are not its content
EXCLUDE_SELECTORS = (
    ".headerlink",  # the ¶ after each heading
    ".entity-mentions",  # on an entity's page, the titles of the releases that mention it
    # A release's header: labels every release has (« Pour diffusion
    # immédiate », and the archive's notice: « Communiqué de presse »,
    # « Publié par », « Citer ce communiqué »…) would match every release; the
    # letterhead repeats the issuers, the notice its filters and metadata.
    ".release-header .letterheads",
    ".release-header .distribution",
    ".release-meta",
    ".end-mark",  # « - 30 - »
    ".pdf-download",  # « Télécharger le PDF »
    ".release-history",  # dates of publication and corrections, shown on every release
    ".subscribe",  # the link to a page's Atom feed ("S'abonner" would match every entity)
)

#: bump when what the index is built from changes (character filter, selectors)
INDEX_FORMAT = 4


def index_text(html: str) -> str:
    """The page as Pagefind reads it: typographic apostrophes as ASCII ones.

    Values written as ``&#8217;`` (filters and metadata, see
    :func:`communiques.search.markup.index_value`) are kept as they are.
    """
    return html.replace("’", "'")


def pages(site: Path) -> list[Path]:
    """The HTML pages of a language's site, in a stable order."""
    found = []
    for path in site.rglob("*.html"):
        relative = path.relative_to(site)
        if relative.parts[0] not in SKIP_DIRS:
            found.append(path)
    return sorted(found)


def fingerprint(site: Path, found: list[Path]) -> str:
    """What the index depends on: the pages (names and contents) and how they are indexed.

    Contents, not times: Sphinx writes its index pages and the search page
    again on every build, with nothing changed.
    """
    digest = hashlib.sha256()
    digest.update(f"{INDEX_FORMAT} {version('pagefind')} {EXCLUDE_SELECTORS}\n".encode())
    for path in found:
        digest.update(f"{path.relative_to(site).as_posix()}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@dataclass(frozen=True)
class Outcome:
    """What indexing a language did."""

    indexed: bool
    pages: int
    seconds: float
    bundle: Path

    def describe(self) -> str:
        if not self.indexed:
            return f"search index unchanged ({self.bundle})"
        return f"search index built from {self.pages} pages in {self.seconds:.1f}s ({self.bundle})"


async def _build(source: Path, bundle: Path) -> int:
    config: IndexConfig = {
        "exclude_selectors": list(EXCLUDE_SELECTORS),
        # Pages are files such as people/index.html: keep their names, so
        # that links work on any host, and from the file system.
        "keep_index_url": True,
        # Where the index is written when the context closes (its default
        # is the working directory's pagefind/).
        "output_path": str(bundle),
    }
    async with PagefindIndex(config) as index:
        # One request for the whole folder: the Python service answers at
        # most ten requests a second, one request per page would be slow.
        indexed = await index.add_directory(str(source))
    return int(indexed["page_count"])


def build_index(
    site: Path,
    found: list[Path],
    *,
    prepare: Callable[[str], str] = index_text,
    bundle_dir: str = BUNDLE_DIR,
) -> int:
    """Index *found* pages of *site* into ``site/pagefind``; the number of pages indexed.

    The new index is written beside the old one and swapped in when
    complete, so a reader never loads half an index. *prepare* is what
    Pagefind reads of each page, *bundle_dir* where the index goes (the
    benchmark compares an index built without :func:`index_text`).
    """
    bundle = site / bundle_dir
    fresh = site / f"{bundle_dir}.new"
    stale = site / f"{bundle_dir}.old"
    for leftover in (fresh, stale):
        shutil.rmtree(leftover, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="communiques-search-") as scratch:
        source = Path(scratch)
        for path in found:
            copy = source / path.relative_to(site)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(prepare(path.read_text(encoding="utf-8")), encoding="utf-8")
        # In a thread of its own: asyncio.run refuses to start where an event
        # loop already runs (a caller's, e.g. Playwright's synchronous API).
        with ThreadPoolExecutor(max_workers=1) as worker:
            count = worker.submit(asyncio.run, _build(source, fresh)).result()
    if bundle.exists():
        bundle.rename(stale)
    fresh.rename(bundle)
    shutil.rmtree(stale, ignore_errors=True)
    return count


def index_language(site: Path, state_dir: Path, *, force: bool = False) -> Outcome:
    """Index a language's built site unless its pages are those of the last index."""
    started = time.monotonic()
    found = pages(site)
    current = fingerprint(site, found)
    mark = state_dir / FINGERPRINT_FILE
    bundle = site / BUNDLE_DIR
    if not force and bundle.is_dir() and mark.is_file() and mark.read_text(encoding="utf-8") == current:
        return Outcome(False, 0, time.monotonic() - started, bundle)
    mark.unlink(missing_ok=True)
    count = build_index(site, found)
    state_dir.mkdir(parents=True, exist_ok=True)
    mark.write_text(current, encoding="utf-8")
    return Outcome(True, count, time.monotonic() - started, bundle)


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(
        prog="python -m communiques.search.index",
        description="Build the Pagefind search index of one language's built site (e.g. _build/site/fr).",
    )
    cli.add_argument("site", type=Path, help="the language's site folder")
    cli.add_argument(
        "--state",
        type=Path,
        help="where to keep the fingerprint of the indexed pages (default: none kept, always index)",
    )
    options = cli.parse_args(argv)
    site = options.site.resolve()
    if options.state is None:
        started = time.monotonic()
        count = build_index(site, pages(site))
        outcome = Outcome(True, count, time.monotonic() - started, site / BUNDLE_DIR)
    else:
        outcome = index_language(site, options.state.resolve())
    sys.stdout.write(f"communiques.search.index: {outcome.describe()}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
