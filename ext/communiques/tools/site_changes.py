"""What a build changes in the published site, for a pull request's reviewers.

``python -m communiques.tools.site_changes BEFORE AFTER`` compares two
manifests of published files (``site-manifest.json``, which every site
build writes at the site's root with each file's SHA-256, see
:mod:`communiques.publishing.stage`): the main branch's last build and the
pull request's. It prints, in Markdown (for ``$GITHUB_STEP_SUMMARY``), the
pages added, changed and removed, by language, and how many PDFs, feeds
and other files changed. It is computed from what the builds published,
not guessed from the diff: a record's edit that changes a listing, an
entity page or a year's PDF shows them all.

A missing BEFORE (no build of the main branch to compare with) is said,
and every page counts as added.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from communiques.publishing.stage import Manifest

#: pages listed in each section at most (a job summary holds 1 MiB)
LIMIT = 200


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def is_page(name: str) -> bool:
    """A page a reader visits: HTML outside the search index and Sphinx's own folders."""
    parts = name.split("/")
    return name.endswith(".html") and not any(part in ("pagefind", "_static") for part in parts)


def kind_of(name: str) -> str:
    if is_page(name):
        return "pages"
    if name.endswith(".pdf"):
        return "PDFs"
    if "/pagefind/" in name:
        return "search index files"
    if "/feeds/" in name:
        return "feeds"
    return "other files"


def compare(before: dict[str, str], after: dict[str, str]) -> dict[str, Changes]:
    """Changes by kind of file (see :func:`kind_of`)."""
    found: dict[str, Changes] = {}
    for name in sorted(set(before) | set(after)):
        if before.get(name) == after.get(name):
            continue
        changes = found.setdefault(kind_of(name), Changes())
        if name not in before:
            changes.added.append(name)
        elif name not in after:
            changes.removed.append(name)
        else:
            changes.changed.append(name)
    return found


def _section(title: str, names: list[str], preview: str) -> list[str]:
    if not names:
        return []
    lines = [f"### {title} ({len(names)})", ""]
    for name in names[:LIMIT]:
        lines.append(f"- [`{name}`]({preview}{name})" if preview else f"- `{name}`")
    if len(names) > LIMIT:
        lines.append(f"- … and {len(names) - LIMIT} more")
    return [*lines, ""]


def summary(before: Manifest | None, after: Manifest, *, preview: str = "") -> str:
    """The Markdown summary of what *after* changes against *before*."""
    lines = ["## What this change publishes", ""]
    if before is None:
        lines += ["No build of the main branch was found to compare with: every file counts as added.", ""]
    found = compare(before.files if before is not None else {}, after.files)
    pages = found.pop("pages", Changes())
    if not pages and not found:
        return "\n".join([*lines, "The published site is the same, file for file.", ""])
    counts = ", ".join(
        f"{len(c.added)} added, {len(c.changed)} changed, {len(c.removed)} removed {kind}"
        for kind, c in sorted(found.items())
    )
    lines += [
        f"**Pages:** {len(pages.added)} added, {len(pages.changed)} changed, {len(pages.removed)} removed.",
        "",
    ]
    if counts:
        lines += [f"Besides: {counts}.", ""]
    lines += _section("Pages added", pages.added, preview)
    lines += _section("Pages changed", pages.changed, preview)
    lines += _section("Pages removed", pages.removed, "")
    pdfs = found.get("PDFs")
    if pdfs:
        lines += _section("PDFs added or changed", pdfs.added + pdfs.changed, preview)
        lines += _section("PDFs removed", pdfs.removed, "")
    return "\n".join(lines)


def parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(
        prog="python -m communiques.tools.site_changes",
        description="Say which pages a build adds, changes and removes, from two site manifests "
        "(site-manifest.json), in Markdown.",
    )
    cli.add_argument(
        "before", type=Path, help="the manifest of the main branch's last build (may be missing)"
    )
    cli.add_argument(
        "after", type=Path, help="the manifest of this build (e.g. _build/site/site-manifest.json)"
    )
    cli.add_argument("--preview", default="", help="an address the listed pages are linked under")
    cli.add_argument("--output", type=Path, help="append to this file (e.g. $GITHUB_STEP_SUMMARY) instead")
    return cli


def main(argv: Sequence[str] | None = None) -> int:
    cli = parser()
    options = cli.parse_args(argv)
    after = Manifest.read(options.after)
    if after is None:
        cli.error(f"{options.after}: no manifest of a site build")
    before = Manifest.read(options.before)
    text = summary(before, after, preview=options.preview)
    if options.output is not None:
        with options.output.open("a", encoding="utf-8") as stream:
            stream.write(text + "\n")
    else:
        sys.stdout.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
