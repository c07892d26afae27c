"""Permalinks: a record's old addresses keep working after it moves.

A record that is renamed or moved lists its former paths in its own front
matter::

    redirect_from:
      - releases/2020/2020-06-24-ancien-nom

Declaring them in the record rather than in a separate file keeps the
redirect with what it leads to: it moves with the record in the same
commit, it cannot point at a page that does not exist (its target is the
record itself, so no redirect dangles), and a chain (A moved to B, then to
C) cannot form: C lists both A and B, and each old address leads straight
to C.

What can still go wrong is checked after reading, with the line of the
entry (``archive.redirect``): a former path that is a page of the archive
(the redirect would hide it), a loop (two records each claiming the other's
path), a former path claimed by two records, a record claiming its own
path, and, from git's history, a record moved without keeping its old path.

Each language's HTML build writes one small page per former path
(``html-collect-pages``: the builder renders ``communiques/redirect.html``
at the old address, with the build's suffix and language): a meta refresh,
a canonical link (the new page's absolute address) and a plain link, so it works without script and search
engines move to the new address. The page context has
``communiques_redirect`` set, for modules that list pages (a sitemap must
skip these).
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from communiques.archive.consistency import RULES_EVENT
from communiques.archive.domain import archive_domain
from communiques.archive.entries import Redirect
from communiques.archive.records import lines_being_read, record_being_read
from communiques.core import labels
from communiques.core.frontmatter import line_at
from communiques.core.paths import entity_path, release_path
from communiques.core.urls import page_url
from communiques.core.warnings_ import ArchiveWarning
from communiques.guard.names import generated

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from sphinx.application import Sphinx

    from communiques.archive.domain import ArchiveDomain

    Report = Callable[..., None]

_SUFFIXES = (".md", ".html", ".rst")


def normalise(path: str) -> str:
    """``/releases/2020/x.html`` → ``releases/2020/x`` (a docname)."""
    path = path.strip().strip("/")
    for suffix in _SUFFIXES:
        path = path.removesuffix(suffix)
    return path


def collect_redirects(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read`` (after records.py): keep the record's former paths."""
    record = record_being_read(app.env)
    former = getattr(record, "redirect_from", None)
    if not former:
        return
    lines = lines_being_read(app.env)
    archive_domain(app.env).redirects[docname] = [
        Redirect(normalise(old), docname, line_at(lines, ("redirect_from", index)))
        for index, old in enumerate(former)
    ]


def is_record(docname: str) -> bool:
    release, entity = release_path(docname), entity_path(docname)
    return (release is not None and not release.is_year_page) or (entity is not None and not entity.is_index)


def valid_redirects(domain: ArchiveDomain, all_docs: set[str]) -> Iterator[tuple[Redirect, str | None]]:
    """Each declared redirect and what is wrong with it (None if nothing)."""
    claimed: dict[str, str] = {}
    declared = {docname: {r.old for r in found} for docname, found in domain.redirects.items()}
    pages = {name.casefold(): name for name in all_docs}
    for docname in sorted(domain.redirects):
        for redirect in domain.redirects[docname]:
            old = redirect.old
            taken = generated(domain.env, old)
            if taken is not None:
                yield (
                    redirect,
                    f"`{old}` is where the build writes {taken}: a redirect there would replace it; "
                    "remove the entry",
                )
            elif old == docname:
                yield redirect, f"`{old}` is this record's own path: remove it from `redirect_from`"
            elif old in all_docs and docname in declared.get(old, ()):
                yield (
                    redirect,
                    (
                        f"redirect loop: `{old}` redirects here and this record redirects from `{old}`, "
                        "which is a page of the archive: remove the entry from the record that moved"
                    ),
                )
            elif old in all_docs:
                yield (
                    redirect,
                    (
                        f"`{old}` is a page of the archive: a redirect there would hide it; "
                        "remove the entry, or move that page first"
                    ),
                )
            elif old.casefold() in pages:
                yield (
                    redirect,
                    (
                        f"`{old}` differs from the page `{pages[old.casefold()]}` only in case: many hosts "
                        "would write one over the other; remove the entry"
                    ),
                )
            elif old.casefold() in claimed:
                yield (
                    redirect,
                    (
                        f"`{old}` already redirects to `{claimed[old.casefold()]}`: "
                        "an old address can lead to one record only"
                    ),
                )
            else:
                claimed[old.casefold()] = docname
                yield redirect, None


def check_redirects(app: Sphinx, domain: ArchiveDomain, all_docs: set[str], report: Report) -> None:
    """Report bad redirects, and records moved (per git) without one."""
    for redirect, problem in valid_redirects(domain, all_docs):
        if problem is not None:
            report(problem, ArchiveWarning.REDIRECT, location=(redirect.docname, redirect.line))
    log = domain.data.get("git")
    former_paths: dict[str, tuple[str, ...]] = getattr(log, "former_paths", {})
    if not former_paths:
        return
    env = domain.env
    for docname in sorted(all_docs):
        if not is_record(docname):
            continue
        path = PurePosixPath(env.doc2path(docname, False)).as_posix()
        kept = {r.old for r in domain.redirects.get(docname, ())}
        for old_path in former_paths.get(path, ()):
            old = str(PurePosixPath(old_path).with_suffix(""))
            if old != docname and old not in kept and old not in all_docs:
                report(
                    f"this record was moved from `{old}` (git history) but keeps no redirect: "
                    f"add `{old}` to `redirect_from` so that old links keep working",
                    ArchiveWarning.REDIRECT,
                    location=(docname, 1),
                )


def redirect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: one page at each valid former path."""
    domain = archive_domain(app.env)
    builder = app.builder
    for redirect, problem in valid_redirects(domain, set(app.env.all_docs)):
        if problem is not None:
            continue
        target = redirect.docname
        url = builder.get_relative_uri(redirect.old, target)
        entry = domain.releases.get(target) or domain.entities.get(target)
        title = getattr(entry, "title", None) or getattr(entry, "name", None) or target
        before, _, after = labels.redirect_text().partition("{link}")
        yield (
            redirect.old,
            {
                "communiques_redirect": True,
                "redirect_url": url,
                "redirect_canonical": page_url(app, target),
                "redirect_title": labels.redirect_title(),
                "redirect_target_title": title,
                "redirect_before": before,
                "redirect_after": after,
            },
            "communiques/redirect.html",
        )


def setup_redirects(app: Sphinx) -> None:
    app.connect(RULES_EVENT, check_redirects)
    app.connect("source-read", collect_redirects, priority=600)  # after records.py reads the record
    app.connect("html-collect-pages", redirect_pages)
