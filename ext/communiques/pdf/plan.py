"""The Sphinx side of the PDFs: the download link, and the list of what to print.

Every release and every year page gets a "Télécharger le PDF" link (a label
of the extension's catalog, added while reading, so it is in the build's
language). The PDF sits beside the page it prints, with the page's name
(``releases/2020/<id>.pdf`` beside ``releases/2020/<id>.html``; a year's is
``releases/2020/2020.pdf``): the link is then the same from every depth.

When an HTML build succeeds, :func:`write_plan` writes the *print plan* into
the doctree folder: every release and year, where its PDF goes, and a year's
releases in date order. ``communiques.pdf.render`` renders the PDFs from it
and each release's print data (:mod:`communiques.pdf.data`), outside Sphinx.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from communiques.archive.domain import archive_domain
from communiques.archive.nodes import generated
from communiques.archive.records import record_being_read
from communiques.core import labels, schema
from communiques.core.config import archive_config
from communiques.core.files import write_if_changed
from communiques.core.languages import build_language
from communiques.core.paths import release_path
from communiques.core.urls import page_url

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from communiques.archive.entries import ReleaseEntry

PLAN_NAME = "communiques-pdf.json"
#: bump when the plan changes shape
PLAN_VERSION = 2


def pdf_path(docname: str) -> str | None:
    """Where the PDF of *docname* goes in the built site, or None if it has none."""
    path = release_path(docname)
    if path is None:
        return None
    if path.is_year_page:
        return f"{Path(docname).parent.as_posix()}/{path.folder}.pdf"
    return f"{docname}.pdf"


def plan_file(doctreedir: str | Path) -> Path:
    return Path(doctreedir) / PLAN_NAME


def download_link(docname: str) -> nodes.Element:
    target = pdf_path(docname)
    assert target is not None
    label = labels.pdf_download()
    paragraph = generated(nodes.paragraph(classes=["pdf-download"]))
    paragraph += nodes.reference(label, label, refuri=Path(target).name, classes=["pdf-download-link"])
    return paragraph


class PdfLink(SphinxTransform):
    """Add the link to the PDF to each release's header and each year page."""

    default_priority = 6  # after ReleaseHeader (5), before the i18n transforms (10, 20)

    def apply(self, **kwargs: object) -> None:
        record = record_being_read(self.env)
        docname = self.env.docname
        if isinstance(record, schema.Release):
            for header in self.document.findall(nodes.container):
                if "release-header" in header["classes"]:
                    header += download_link(docname)
                    return
        elif isinstance(record, schema.YearPage) and pdf_path(docname):
            section = next(iter(self.document.findall(nodes.section)), None)
            if section is not None and section.children and isinstance(section[0], nodes.title):
                section.insert(1, download_link(docname))


def release_plan(app: Sphinx, entry: ReleaseEntry) -> dict[str, Any]:
    return {
        "docname": entry.docname,
        "id": entry.id,
        "pdf": pdf_path(entry.docname),
        # for messages: the file an archivist edits
        "source": str(app.env.doc2path(entry.docname)),
        "issued": entry.issued.isoformat(),
    }


def build_plan(app: Sphinx) -> dict[str, Any]:
    """What to print, in the build's language: every release and every year page."""
    domain = archive_domain(app.env)
    releases = sorted(domain.releases.values(), key=lambda entry: (entry.issued, entry.id))
    # Grouped once: asking each year page for its releases scanned the whole archive per year.
    by_folder: dict[str | None, list[str]] = {}
    for entry in releases:
        by_folder.setdefault(folder_of(entry.docname), []).append(entry.docname)
    years = []
    for docname in sorted(app.env.found_docs):
        path = release_path(docname)
        if path is None or not path.is_year_page:
            continue
        years.append(
            {
                "docname": docname,
                "year": path.folder,
                "pdf": pdf_path(docname),
                "source": str(app.env.doc2path(docname)),
                "title": labels.pdf_year_title().format(year=path.folder),
                "permalink": page_url(app, docname),
                "releases": by_folder.get(path.folder, []),
            }
        )
    options = archive_config(app.config)
    return {
        "version": PLAN_VERSION,
        "archive": app.config.project,
        "language": build_language(app.config),
        # Links in the PDFs are absolute from the site's address; with the
        # placeholder they point nowhere real, and the PDF step says so.
        "base_url": options.base,
        "placeholder": options.is_placeholder,
        "labels": {"contents": labels.pdf_contents()},
        "releases": [release_plan(app, entry) for entry in releases],
        "years": years,
    }


def folder_of(docname: str) -> str | None:
    path = release_path(docname)
    return path.folder if path is not None else None


def write_plan(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write the print plan of a successful HTML build."""
    if exception is not None or app.builder.format != "html":
        return
    plan = json.dumps(build_plan(app), ensure_ascii=False, indent=1, sort_keys=True)
    write_if_changed(plan_file(app.doctreedir), plan)


def setup_plan(app: Sphinx) -> None:
    app.add_transform(PdfLink)
    app.connect("build-finished", write_plan)
