"""Output names are owned: no page, record or redirect is written over what the build makes.

Each page of the site is written at its name plus ``.html``; the build also
writes pages and files of its own (Sphinx's general index and domain
indices, the search page, ``_static/``, ``_images/``, ``_downloads/``; the
archive's feeds, export, sitemap, ``robots.txt`` and Pagefind's index). A
source file named ``genindex.md`` or under ``_static/``, or a
``redirect_from`` entry naming one of these, would replace it in the
published site. :func:`generated` says what the build writes at a name, and
:func:`check_page_names` reports every page whose name is taken; redirects
are checked by :mod:`communiques.versioning.redirects` with the same
function. Names are compared without regard to case: many hosts and
checkouts (macOS, Windows) do not tell ``Genindex.html`` from
``genindex.html``.

As a net for names this list does not know (an extension adding a page),
:func:`note_written_page` reports any name written twice in one HTML build.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from communiques.archive.consistency import RULES_EVENT
from communiques.core.warnings_ import ArchiveWarning, warn

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from communiques.archive.domain import ArchiveDomain

    Report = Callable[..., None]

#: folders of the site that the build fills: no page may be written in them
GENERATED_FOLDERS = {
    "_static": "the folder of the site's style sheets and scripts",
    "_sources": "the folder of Sphinx's page sources",
    "_images": "the folder of the site's images",
    "_downloads": "the folder of the files to download",
    "feeds": "the folder of the Atom feeds",
    "export": "the folder of the archive's JSON export",
    "pagefind": "the folder of the search index",
}
#: pages and files at the top of each language's folder that the build writes
GENERATED_PAGES = {
    "genindex": "the general index",
    "search": "the search page",
    "py-modindex": "the Python module index",
    "objects": "Sphinx's inventory (objects.inv)",
    "sitemap": "the sitemap (sitemap.xml)",
    "robots": "robots.txt",
    ".buildinfo": "Sphinx's build information",
}


def index_pages(env: BuildEnvironment) -> dict[str, str]:
    """The domain indices' pages (``archive-people``…), by their folded name."""
    return {
        f"{domain.name}-{index.name}".casefold(): f"the index page `{domain.name}-{index.name}`"
        for domain in env.domains.sorted()
        for index in domain.indices
    }


def generated(env: BuildEnvironment, name: str, indices: dict[str, str] | None = None) -> str | None:
    """What the build writes at *name* (a page's path without ``.html``), or None."""
    path = PurePosixPath(name.strip("/"))
    if not path.parts:
        return None
    first = path.parts[0].casefold()
    if first in GENERATED_FOLDERS:
        return GENERATED_FOLDERS[first]
    if len(path.parts) > 1:
        return None
    top = path.parts[0].casefold()
    stem = top.split(".", 1)[0] if not top.startswith(".") else top
    if stem in GENERATED_PAGES:
        return GENERATED_PAGES[stem]
    return (indices if indices is not None else index_pages(env)).get(top)


def same_name(names: set[str]) -> dict[str, list[str]]:
    """The names of *names* that differ only in case, by their folded form."""
    folded: dict[str, list[str]] = {}
    for name in sorted(names):
        folded.setdefault(name.casefold(), []).append(name)
    return {key: found for key, found in folded.items() if len(found) > 1}


def check_page_names(app: Sphinx, domain: ArchiveDomain, all_docs: set[str], report: Report) -> None:
    """An archive-wide rule: a page is not written where the build writes something else, nor over
    another page."""
    env = domain.env
    indices = index_pages(env)
    for docname in sorted(all_docs):
        taken = generated(env, docname, indices)
        if taken is not None:
            report(
                f"this page would be written at `{docname}.html`, where the build writes {taken}: "
                "rename or move the file",
                ArchiveWarning.PATH,
                location=(docname, 1),
            )
    for group in same_name(all_docs).values():
        for docname in group[1:]:
            report(
                f"this page's name differs from `{group[0]}` only in case: many hosts would write one "
                "over the other; rename the file",
                ArchiveWarning.PATH,
                location=(docname, 1),
            )


class WrittenPages:
    """``html-page-context``: a name written twice in one build is reported.

    Pages made by extensions and Sphinx itself (``html-collect-pages``,
    indices) are written in the main process after the documents, whose
    names are ``env.all_docs``: a generated page at a document's name, or two
    at one name, are collisions that :func:`generated` did not foresee.
    """

    def __init__(self) -> None:
        self.written: set[str] = set()
        self.documents: set[str] | None = None

    def start(self, app: Sphinx) -> None:
        self.written = set()
        self.documents = None

    def __call__(self, app: Sphinx, pagename: str, templatename: str, context: Any, doctree: Any) -> None:
        if doctree is not None:
            return  # a document: its name is its own
        key = pagename.casefold()
        if self.documents is None:  # the documents are all written by now
            self.documents = {name.casefold() for name in app.env.all_docs}
        documents = self.documents
        if key in self.written or key in documents:
            owner = "a page of the archive" if key in documents else "another generated page"
            warn(
                f"two pages would be written at `{pagename}.html` (a generated one and {owner}): the site "
                "would keep one; rename one of them",
                ArchiveWarning.PATH,
                location=f"{app.outdir}/{pagename}.html:0",
            )
        self.written.add(key)


def setup_names(app: Sphinx) -> None:
    app.connect(RULES_EVENT, check_page_names)
    pages = WrittenPages()
    app.connect("builder-inited", pages.start)
    app.connect("html-page-context", pages)
