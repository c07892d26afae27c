"""Prove the staged site before it is published: pages and links, search, PDFs, open data.

:func:`verify_site` checks what a build changed, by digest against the
published site's manifest (which was proved when it was published): a file
whose bytes are those already published was proved then. On a full build
(``--clean``, or no site yet) everything is checked. What each product gets:

- pages: every internal link and anchor resolves (:mod:`.links`); on an
  incremental build, the changed pages and every page that links to a
  changed or removed file;
- search: each changed bundle's files whole, and a query for the newest
  release through Pagefind's runtime unless the search step has just proved
  this very bundle (:mod:`communiques.search.verify`);
- PDFs, feeds, sitemaps, the export: :mod:`.products`.

The result is one :class:`Proof` per language (and one for the site's root),
whose :meth:`Proof.summary` is the build's line "what was verified, in how long".
"""

from __future__ import annotations

import time
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from communiques.pdf.verify import verify_pdf
from communiques.publishing.links import LinkCache, check_links
from communiques.publishing.products import CHECKS, check_export, kind_of
from communiques.publishing.stage import Manifest
from communiques.search.shards import listed_bundles
from communiques.search.verify import BUNDLE_DIR, check_structure, newest_release, verify_bundle


@dataclass
class Proof:
    """What was verified of one language (or of the site's root, ``""``), and what failed."""

    folder: str
    seconds: float = 0.0
    pages: int = 0
    links: int = 0
    #: links into a language the site does not have yet (not checked)
    unchecked: int = 0
    search: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    #: problems, each with the site path of the file to blame (or "" when none is)
    problems: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{self.pages} page(s) and their {self.links} link(s)"]
        if self.unchecked:
            parts.append(f"{self.unchecked} link(s) into a language not built yet left unchecked")
        names = {"pdf": "PDF(s)", "feed": "feed(s)", "sitemap": "sitemap(s)", "export": "export(s)"}
        parts += [f"{count} {names[kind]}" for kind, count in sorted(self.counts.items())]
        if self.search:
            parts.append(self.search)
        outcome = f"{len(self.problems)} PROBLEM(S)" if self.problems else "verified"
        return f"{self.folder or 'site root'}: {outcome} in {self.seconds:.1f}s: {', '.join(parts)}"


def _search(site: Path, folder: str, changed: set[str], full: bool, proved: set[str], proof: Proof) -> None:
    """Prove each search bundle of the language whose files changed (:mod:`communiques.search.shards`)."""
    bundle = f"{folder}/{BUNDLE_DIR}/"
    if not (site / bundle).is_dir():
        return
    if not full and not any(name.startswith(bundle) for name in changed):
        proof.search = "search index unchanged"
        return
    started = time.monotonic()
    listed = listed_bundles(site / bundle)
    nested = [f"{bundle}{item.path}" for item in listed if item.path]
    proved_here = 0
    for item in listed:
        path = item.path
        prefix = f"{bundle}{path}"
        mine = [
            name for name in changed
            if name.startswith(prefix) and (path or not any(name.startswith(other) for other in nested))
        ]  # fmt: skip
        if not full and not mine:
            continue
        proved_here += 1
        if folder in proved:
            problems = check_structure(site / prefix)
        else:
            query, suffix = (item.query, item.page) if item.query else newest_release(site / folder)
            problems = verify_bundle(site / folder, query, suffix, bundle_dir=f"{BUNDLE_DIR}/{path}")
        for problem in problems:
            proof.problems.append((f"{prefix}{problem.split(':', 1)[0]}", f"{prefix}{problem}"))
    how = "files whole (its query passed in the search step)" if folder in proved else "files whole, queried"
    took = time.monotonic() - started
    proof.search = f"search index: {proved_here} of {len(listed)} bundle(s) changed, {how} ({took:.1f}s)"


def verify_site(
    site: Path,
    manifest: Manifest,
    previous: Manifest,
    *,
    full: bool,
    base_url: str,
    cache: LinkCache,
    proved_search: Collection[str] = (),
    absent: frozenset[str] = frozenset(),
    published_site: Path | None = None,
) -> list[Proof]:
    """Verify the staged *site* (see the module's doc); a proof per top folder.

    *published_site* is the site as published (and proved) before, whose
    export lets the export's unchanged members go unchecked again.
    """
    published = manifest.files
    changed = set(published) if full else {n for n, d in published.items() if previous.files.get(n) != d}
    removed = set(previous.files) - set(published)
    folders = sorted({name.split("/", 1)[0] for name in published if "/" in name})
    proofs = []
    for folder in ["", *folders]:
        proof = Proof(folder)
        started = time.monotonic()
        prefix = f"{folder}/" if folder else ""
        mine = {n: d for n, d in published.items() if (n.startswith(prefix) if folder else "/" not in n)}
        report = check_links(
            site, published, changed=changed, removed=removed, full=full, base_url=base_url, cache=cache,
            only=set(mine), absent=absent,
        )  # fmt: skip
        proof.pages, proof.links, proof.unchecked = report.pages, report.links, report.unchecked
        proof.problems += [(page, problem) for page, problem in report.problems]
        for name in sorted(n for n in mine if n in changed):
            kind = kind_of(name)
            if kind is None:
                continue
            proof.counts[kind] = proof.counts.get(kind, 0) + 1
            if kind == "pdf":
                problems = verify_pdf(site / name)
                problems = [problem.replace(str(site / name), name) for problem in problems]
            elif kind == "export" and published_site is not None and name in previous.files and not full:
                problems = check_export(site / name, name, published_site / name)
            else:
                problems = CHECKS[kind](site / name, name)
            proof.problems += [(name, problem) for problem in problems]
        if folder:
            _search(site, folder, changed, full, set(proved_search), proof)
        proof.seconds = time.monotonic() - started
        proofs.append(proof)
    return proofs
