"""What a language's HTML build publishes: the record Sphinx's side leaves for the site build.

Sphinx never deletes what it wrote: the page of a deleted or renamed record,
its downloads and images stay in the output folder, and anything that reads
the folder (Pagefind, a host's upload) would publish them. So when an HTML
build succeeds, :func:`record_outputs` writes into the doctrees' folder the
list of what the build *means* to publish, computed from the environment
(which forgot the removed records), not from the folder:

- a page per document (``env.all_docs``) and per page the builder rendered
  besides them (indices, the search page, redirects, anything an extension
  adds through ``html-collect-pages``; the builder renders those on every
  build, in the main process);
- the downloads and images the documents still use;
- any file written beside a document's page under the document's name
  (``<docname>.<suffix>``: a release's citation files, its PDF), whoever
  wrote it: the documents are listed, not the files;
- the whole of ``_static/`` (copied on every build) and ``feeds/`` (whose
  stale feeds :mod:`communiques.opendata.feeds` deletes), the sitemap, the
  export and its schema, the inventory and Sphinx's search index if built.

:mod:`communiques.publishing.stage` assembles the published site from this
list (with the PDFs and the search index of the later steps), so the
published site equals a clean build.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util.osutil import os_path

from communiques.core.files import write_atomically
from communiques.opendata.export import EXPORT_PATH, SCHEMA_PATH
from communiques.opendata.sitemaps import SITEMAP

if TYPE_CHECKING:
    from sphinx.application import Sphinx

OUTPUTS_NAME = "communiques-outputs.json"
#: bump when the record changes shape
OUTPUTS_VERSION = 2
#: folders published whole: Sphinx copies the first on every build, the feeds' step prunes the second
WHOLE_FOLDERS = ("_static", "feeds")
#: builders whose output is the site
SITE_BUILDERS = ("html", "dirhtml")


def outputs_file(doctree_dir: str | Path) -> Path:
    return Path(doctree_dir) / OUTPUTS_NAME


@dataclass(frozen=True)
class Outputs:
    """What a language's HTML build publishes, relative to its output folder."""

    files: frozenset[str]
    folders: tuple[str, ...]
    #: the documents, whose files beside their page (``<docname>.<suffix>``) are published
    docnames: frozenset[str] = frozenset()

    @classmethod
    def load(cls, doctree_dir: Path) -> Outputs:
        """The record of the last successful HTML build (``ValueError`` if there is none)."""
        path = outputs_file(doctree_dir)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ValueError(f"{path}: no record of what the HTML build wrote ({error})") from error
        if data.get("version") != OUTPUTS_VERSION:
            raise ValueError(f"{path}: a record of another version: build the HTML again")
        return cls(frozenset(data["files"]), tuple(data["folders"]), frozenset(data["docnames"]))

    def in_folder(self, html_dir: Path) -> dict[str, Path]:
        """Every published file that exists in *html_dir*: {relative path: path}."""
        found = {name: html_dir / name for name in self.files if (html_dir / name).is_file()}
        for folder in self.folders:
            root = html_dir / folder
            if root.is_dir():
                for path in root.rglob("*"):
                    if path.is_file():
                        found[path.relative_to(html_dir).as_posix()] = path
        found.update(self.beside(html_dir))
        return found

    def beside(self, html_dir: Path) -> dict[str, Path]:
        """The files named after a document beside its page (``releases/2020/x.bib``)."""
        by_folder: dict[str, set[str]] = {}
        for docname in self.docnames:
            folder, _, base = docname.rpartition("/")
            by_folder.setdefault(folder, set()).add(base)
        found = {}
        for folder, bases in by_folder.items():
            try:
                entries = list(os.scandir(html_dir / folder))
            except OSError:
                continue
            for entry in entries:
                stem = entry.name
                while "." in stem and stem not in bases:
                    stem = stem.rsplit(".", 1)[0]
                if (
                    stem in bases
                    and stem != entry.name
                    and not entry.name.endswith(".partial")
                    and entry.is_file()
                ):
                    found[f"{folder}/{entry.name}" if folder else entry.name] = Path(entry.path)
        return found

    def missing(self, html_dir: Path) -> list[str]:
        """Files the build says it wrote that are not there."""
        return sorted(name for name in self.files if not (html_dir / name).is_file())


# -- the Sphinx side -------------------------------------------------------------------------

_rendered: dict[int, set[str]] = {}


def note_page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: remember each page rendered in this process (the extra pages)."""
    _rendered.setdefault(id(app), set()).add(pagename)


def published_files(app: Sphinx) -> set[str]:
    """The files of the output folder this build means to publish (see the module's doc)."""
    builder = app.builder
    env = app.env
    outdir = Path(app.outdir)

    def relative(path: str | Path) -> str:
        return Path(path).relative_to(outdir).as_posix()

    names = set(env.all_docs) | _rendered.get(id(app), set())
    files = {relative(builder.get_outfilename(name)) for name in names}  # type: ignore[attr-defined]
    files |= {f"_downloads/{dest}" for _docs, dest in env.dlfiles.values()}
    files |= {f"_images/{name}" for _docs, name in env.images.values()}
    if app.config.html_copy_source:
        suffix = app.config.html_sourcelink_suffix
        for docname in env.all_docs:
            source = os_path(str(env.doc2path(docname, False)))
            files.add(f"_sources/{source}" + ("" if source.endswith(suffix) else suffix))
    for name in ("objects.inv", "searchindex.js", SITEMAP, EXPORT_PATH, SCHEMA_PATH):
        if (outdir / name).is_file():
            files.add(name)
    if getattr(builder, "indexer", None) is None:
        files.discard("searchindex.js")  # left by an earlier build that had Sphinx's search
    return files


def record_outputs(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished`` (after the open data's): write the record of what this build publishes."""
    rendered = _rendered.pop(id(app), set())
    if exception is not None or app.builder.name not in SITE_BUILDERS:
        return
    _rendered[id(app)] = rendered
    try:
        files = sorted(published_files(app))
    finally:
        _rendered.pop(id(app), None)
    document = {
        "version": OUTPUTS_VERSION,
        "files": files,
        "folders": list(WHOLE_FOLDERS),
        "docnames": sorted(app.env.all_docs),
    }
    write_atomically(outputs_file(app.doctreedir), json.dumps(document, indent=0).encode())


def setup_outputs(app: Sphinx) -> None:
    app.connect("html-page-context", note_page)
    # After the open data (priority 500), whose files it lists.
    app.connect("build-finished", record_outputs, priority=900)
