"""Build a language's search index with Pagefind, after Sphinx has written it, and prove it.

``python -m communiques.tools.site`` calls :func:`index_language` once a
language's HTML build has succeeded; it writes ``<lang>/pagefind/``, the
index the search page loads (one per language: each site searches its own
language, with its stemmer and its names in the filters). Run it alone with
``python -m communiques.search.index <site>/<lang>``.

The index is made of bundles (:mod:`communiques.search.shards`): the
current one, which holds every page a new release changes, and bundles of
past years' releases. Each is built and proved on its own
(:mod:`communiques.search.bundle`), and only when its pages changed since it
was last built: a fingerprint of each bundle's pages (their names and
contents) is kept with the doctrees. A second run of the site build with
nothing changed indexes nothing; a pull request adding a release of this
year indexes the current bundle only.

The pages' digests are remembered by size and modification time
(:class:`communiques.core.digests.Digests`): Sphinx writes only the pages
whose document changed, so the fingerprints read only those again.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import lxml.html

from communiques.core.digests import Digests
from communiques.core.files import write_atomically
from communiques.search.bundle import (
    EXCLUDE_SELECTORS,
    INDEX_FORMAT,
    Attempts,
    SearchIndexError,
    build_index,
    pages,
)
from communiques.search.shards import (
    ARCHIVE_DIR,
    DEFAULT_SHARD_PAGES,
    SHARDS_FILE,
    Shard,
    plan,
    unlisted_folders,
    write_list,
)
from communiques.search.verify import BUNDLE_DIR, newest_release

#: each bundle's fingerprint when it was last built and proved (in the doctrees' folder)
FINGERPRINTS_FILE = "pagefind-fingerprints.json"
#: the digests of the language's pages, by size and modification time (in the doctrees' folder)
DIGESTS_FILE = "pagefind-digests.json"


def fingerprint(site: Path, shard: Shard, digests: Digests) -> str:
    """What a bundle depends on: its pages (names and contents) and how they are indexed.

    Contents, not times: Sphinx writes its index pages and the search page
    again on every build, with nothing changed.
    """
    digest = hashlib.sha256()
    digest.update(f"{INDEX_FORMAT} {version('pagefind')} {EXCLUDE_SELECTORS} {shard.path}\n".encode())
    for path in shard.pages:
        digest.update(f"{path.relative_to(site).as_posix()} {digests.of(path)}\n".encode())
    return digest.hexdigest()


def probe_of(site: Path, shard: Shard) -> tuple[str, str]:
    """The query that proves a bundle and the page it must find: its newest release's title.

    The current bundle holds the newest release, whose title the feed gives;
    a past years' bundle is asked for the title of its last page (pages are
    named by date), read from the metadata Pagefind shows in results.
    """
    if shard.years is None or not shard.pages:
        return newest_release(site)
    newest = max(shard.pages)
    tree = lxml.html.fromstring(newest.read_bytes())
    titles = tree.xpath('//*[@data-pagefind-meta="title"]')
    title = titles[0].text_content().strip() if titles else ""
    return title, newest.relative_to(site).as_posix()


@dataclass(frozen=True)
class Outcome:
    """What indexing a language did."""

    indexed: bool
    pages: int
    seconds: float
    bundle: Path
    #: how each new bundle was proved (attempts, seconds of verification, the query), and those kept
    verified: str = ""

    def describe(self) -> str:
        if not self.indexed:
            return f"search index unchanged ({self.bundle})"
        proof = f"; {self.verified}" if self.verified else ""
        return f"search index built from {self.pages} pages in {self.seconds:.1f}s ({self.bundle}{proof})"


def _load(path: Path) -> dict[str, str]:
    try:
        known = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(key): str(value) for key, value in known.items()} if isinstance(known, dict) else {}


def index_language(
    site: Path,
    state_dir: Path,
    *,
    force: bool = False,
    found: Sequence[Path] | None = None,
    log: Callable[[str], None] | None = None,
    shard_pages: int = DEFAULT_SHARD_PAGES,
) -> Outcome:
    """Index a language's built site: each bundle whose pages are not those it was last built from.

    *found* are the pages to index (the site build gives those it publishes,
    so that a deleted record's page, still in Sphinx's folder, is not found);
    by default every page in the folder. *log* hears of each failed attempt.
    *shard_pages* bounds the past years' bundles (see :mod:`.shards`).
    Raises :class:`SearchIndexError` when a bundle could not be proved; the
    bundles proved before it are kept, and remembered.
    """
    started = time.monotonic()
    found = sorted(found) if found is not None else pages(site)
    shards = plan(site, found, shard_pages)
    digests = Digests(state_dir / DIGESTS_FILE)
    current = {shard.path: fingerprint(site, shard, digests) for shard in shards}
    marks = state_dir / FINGERPRINTS_FILE
    built = {} if force else _load(marks)
    bundle = site / BUNDLE_DIR
    todo = [
        shard
        for shard in shards
        if built.get(shard.path) != current[shard.path]
        or not (site / shard.folder(BUNDLE_DIR) / "pagefind-entry.json").is_file()
    ]
    stale = unlisted_folders(bundle, shards)
    listed = bundle / SHARDS_FILE
    if not todo and not stale and listed.is_file():
        digests.save()
        return Outcome(False, 0, time.monotonic() - started, bundle)
    proofs: list[str] = []
    probes = {shard.path: probe_of(site, shard) for shard in shards}
    indexed = 0
    # Past years first: the current bundle's swap carries them (and the list) into its new folder.
    for shard in sorted(todo, key=lambda shard: shard.path == ""):
        attempts = Attempts()
        built.pop(shard.path, None)
        try:
            build_index(
                site, shard.pages, bundle_dir=shard.folder(BUNDLE_DIR), attempts=attempts,
                probe=probes[shard.path], carry=() if shard.path else (ARCHIVE_DIR, SHARDS_FILE),
            )  # fmt: skip
        finally:
            for failure in attempts.failures:
                (log or _say)(f"search index {shard.name}: {failure}")
            state_dir.mkdir(parents=True, exist_ok=True)
            write_atomically(marks, json.dumps(built, indent=1).encode())
        built[shard.path] = current[shard.path]
        indexed += len(shard.pages)
        proofs.append(f"{shard.name}: {attempts.verified}")
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)
    archive = bundle / ARCHIVE_DIR
    if archive.is_dir() and not any(archive.iterdir()):
        archive.rmdir()
    write_list(bundle, shards, probes)
    write_atomically(marks, json.dumps({path: built[path] for path in current}, indent=1).encode())
    digests.save()
    kept = len(shards) - len(todo)
    if kept:
        proofs.append(f"{kept} of {len(shards)} bundles unchanged")
    return Outcome(True, indexed, time.monotonic() - started, bundle, "; ".join(proofs))


def forget(state_dir: Path) -> None:
    """Make the next :func:`index_language` index every bundle again (one was found damaged)."""
    (state_dir / FINGERPRINTS_FILE).unlink(missing_ok=True)


def _say(line: str) -> None:
    sys.stderr.write(f"communiques.search.index: {line}\n")


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(
        prog="python -m communiques.search.index",
        description="Build the Pagefind search index of one language's built site (e.g. _build/site/fr).",
    )
    cli.add_argument("site", type=Path, help="the language's site folder")
    cli.add_argument(
        "--state",
        type=Path,
        help="where to keep the fingerprints of the indexed pages (default: none kept, always index)",
    )
    cli.add_argument(
        "--shard-pages",
        type=int,
        default=DEFAULT_SHARD_PAGES,
        help="past years' releases in each bundle at most (0: one bundle; default: %(default)s)",
    )
    options = cli.parse_args(argv)
    site = options.site.resolve()
    try:
        if options.state is None:
            with tempfile.TemporaryDirectory(prefix="communiques-search-state-") as state:
                outcome = index_language(site, Path(state), force=True, shard_pages=options.shard_pages)
        else:
            outcome = index_language(site, options.state.resolve(), shard_pages=options.shard_pages)
    except SearchIndexError as error:
        _say(f"FAILED: {error}")
        return 1
    sys.stdout.write(f"communiques.search.index: {outcome.describe()}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
