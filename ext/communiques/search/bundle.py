"""Write one Pagefind bundle from pages Sphinx has written, and prove it before it replaces the old one.

:mod:`communiques.search.index` splits a language's pages into bundles
(:mod:`communiques.search.shards`) and calls :func:`build_index` for each one
whose pages changed.

Pagefind reads the pages as Sphinx wrote them, marked up by our templates
(see :mod:`communiques.search.markup`): only record bodies are indexed, with their
filters, metadata and sort keys. It reads them through one character
filter, :func:`index_text`: Sphinx prints apostrophes as ``’`` (its
smartquotes), Pagefind splits words at ASCII punctuation only, so
``l’économie`` would be indexed as one word, ``léconomie``, and a search for
``économie`` would miss it. The index is therefore built from copies of the
pages in which ``’`` reads ``'``; the published pages are not changed.

The index is written by Pagefind's command line (``python -m pagefind``, the
binary of the pinned ``pagefind-bin`` wheel), not by its Python API: with
pagefind-bin 1.5.2 the API's indexing service answers "files written" while
its last writes are still queued, and the wrapper then terminates it, so
the last files (``pagefind-entry.json`` among them) could come out empty,
now and then (Pagefind/pagefind#1271, fixed by #1272 in 1.6.0, which PyPI
does not have yet). The command line exits only once its writes are done.
Each bundle is written into an emptied ``<bundle>.new``, proved by
:func:`communiques.search.verify.verify_bundle` (every file whole, and a
release of the bundle found by a query through Pagefind's own runtime), written
once more from scratch if it fails (Pagefind skips hashed files that
already exist, so a retry over a torn bundle would keep its torn files),
and swapped in only when it passes; after a second failure the step fails
and the old bundle is kept.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from communiques.search.verify import BUNDLE_DIR, newest_release, verify_bundle

#: folders of a language's site that hold no pages to index
SKIP_DIRS = frozenset({BUNDLE_DIR, "_static", "_sources", "_images", "_downloads"})

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

#: bump when what the index is built from changes (character filter, selectors, indexer)
INDEX_FORMAT = 5

#: attempts at writing a bundle that verifies (the write has been seen to fail now and then)
ATTEMPTS = 2


class SearchIndexError(RuntimeError):
    """The search index could not be written whole: the step's problems, for the build's log."""


def index_text(html: str) -> str:
    """The page as Pagefind reads it: typographic apostrophes as ASCII ones.

    Values written as ``&#8217;`` (filters and metadata, see
    :func:`communiques.search.markup.index_value`) are kept as they are.
    """
    return html.replace("’", "'")


def is_indexed(name: str) -> bool:
    """Whether the file *name* (relative to a language's folder) is a page to index."""
    return name.endswith(".html") and name.split("/", 1)[0] not in SKIP_DIRS


def pages(site: Path) -> list[Path]:
    """The HTML pages of a language's folder, in a stable order."""
    return sorted(path for path in site.rglob("*.html") if is_indexed(path.relative_to(site).as_posix()))


def run_pagefind(source: Path, bundle: Path) -> None:
    """Write *source*'s index into *bundle* with Pagefind's command line (see the module's doc)."""
    command = [sys.executable, "-m", "pagefind", "--site", str(source), "--output-path", str(bundle)]
    # Pages are files such as people/index.html: keep their names, so that
    # links work on any host, and from the file system.
    command += ["--keep-index-url", "--quiet"]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    # The command line also reads pagefind.{json,yml,toml} in its working
    # folder and PAGEFIND_* variables: run it where there is none, so that
    # only these options count.
    env = {key: value for key, value in os.environ.items() if not key.startswith("PAGEFIND_")}
    with tempfile.TemporaryDirectory(prefix="communiques-pagefind-cwd-") as empty:
        done = subprocess.run(command, cwd=empty, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SearchIndexError(
            f"pagefind exited {done.returncode}: {(done.stderr or done.stdout).strip()[-800:]}"
        )


@dataclass
class Attempts:
    """What writing a bundle took: one line per failed attempt, the proof of the good one."""

    failures: list[str] = field(default_factory=list)
    verified: str = ""


def build_index(
    site: Path,
    found: Sequence[Path],
    *,
    prepare: Callable[[str], str] = index_text,
    bundle_dir: str = BUNDLE_DIR,
    indexer: Callable[[Path, Path], None] | None = None,
    attempts: Attempts | None = None,
    probe: tuple[str, str] | None = None,
    carry: Sequence[str] = (),
) -> int:
    """Index *found* pages of *site* into ``site/<bundle_dir>``, proved; the bundle's page count.

    The new index is written beside the old one, verified, and swapped in
    when it passes, so a reader never loads half an index; raises
    :class:`SearchIndexError` (the old bundle kept) after :data:`ATTEMPTS` failures.
    *prepare* is what Pagefind reads of each page, *indexer* what writes the
    bundle (default: :func:`run_pagefind`) (the tests damage it; the benchmark compares an index built
    without :func:`index_text`). *probe* is the query that proves it and the
    page it must find (default: the newest release, from the feed); *carry*
    names what the old bundle's folder holds that is not its own (the past
    years' bundles in the current one), moved into the new folder before the swap.
    """
    attempts = attempts if attempts is not None else Attempts()
    bundle = site / bundle_dir
    fresh = site / f"{bundle_dir}.new"
    stale = site / f"{bundle_dir}.old"
    shutil.rmtree(stale, ignore_errors=True)
    query, suffix = probe if probe is not None else newest_release(site)
    with tempfile.TemporaryDirectory(prefix="communiques-search-") as scratch:
        source = Path(scratch)
        for path in found:
            copy = source / path.relative_to(site)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(prepare(path.read_text(encoding="utf-8")), encoding="utf-8")
        for attempt in range(1, ATTEMPTS + 1):
            shutil.rmtree(fresh, ignore_errors=True)  # never over a torn bundle
            took = 0.0
            try:
                (indexer or run_pagefind)(source, fresh)
            except SearchIndexError as error:
                problems = [str(error)]
            else:
                started = time.monotonic()
                where = fresh.relative_to(site).as_posix()
                problems = verify_bundle(site, query, suffix, bundle_dir=where, expect_pages=len(found))
                took = time.monotonic() - started
            if not problems:
                found_by = f", {query!r} found" if query else ""
                attempts.verified = f"verified in {took:.1f}s, attempt {attempt}{found_by}"
                break
            shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
            attempts.failures.append(f"attempt {attempt}: {fresh}: {shown}")
        else:
            shutil.rmtree(fresh, ignore_errors=True)
            raise SearchIndexError(
                f"the search index of {site} failed verification {ATTEMPTS} times, the previous one is "
                "kept: " + " | ".join(attempts.failures)
            )
    if bundle.exists():
        for name in carry:
            if (bundle / name).exists():
                (bundle / name).rename(fresh / name)
        bundle.rename(stale)
    fresh.rename(bundle)
    shutil.rmtree(stale, ignore_errors=True)
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(int(language["page_count"]) for language in entry["languages"].values())
