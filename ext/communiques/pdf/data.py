"""Each release's print data: its page's resolved doctree, as JSON, written with the page.

When the HTML builder writes a release's page (``html-page-context``, in the
process that writes it, so in parallel with ``-j``), the same resolved doctree
(i18n, references and French spacing applied) is turned into the data its
PDF is laid out from (:mod:`communiques.pdf.doctree`), with the metadata of
the archive domain and every link absolute, and written to
``<doctrees>/communiques-pdf/data/<docname>.json`` if it changed. The
renderer (:mod:`communiques.pdf.render`) reads it there; nothing reads the
built HTML.

The folder ``<doctrees>/communiques-pdf/`` is also Typst's project root: it
holds only the templates and this data, so a template cannot read anything
else (docs/pdf.md).

A release whose data is missing (a first build after an upgrade), or all of
them when :data:`DATA_VERSION` changed, is written again without being read
again (``env-get-updated``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes

from communiques.archive.domain import archive_domain
from communiques.core import labels
from communiques.core.dates import long_date
from communiques.core.files import write_if_changed
from communiques.core.languages import build_language
from communiques.core.urls import page_url, site_urls
from communiques.core.warnings_ import ArchiveWarning, warn
from communiques.opendata.published import Published
from communiques.pages.typography import french_spacing
from communiques.pdf.doctree import Block, Converter, Run, clean
from communiques.translation.notices import translation_notice

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from communiques.archive.entries import ReleaseEntry

#: Typst's project root, in the doctree folder
ROOT_NAME = "communiques-pdf"
#: bump when the data changes shape or content for the same doctree: every release's is written again
DATA_VERSION = 2
#: the data's shape, read by the templates
SCHEMA = 1


def print_root(doctreedir: str | Path) -> Path:
    return Path(doctreedir) / ROOT_NAME


def data_file(root: Path, docname: str) -> Path:
    return root / "data" / f"{docname}.json"


def version_file(root: Path) -> Path:
    return root / "data" / "VERSION"


def is_html(app: Sphinx) -> bool:
    return app.builder.format == "html" and app.builder.name in ("html", "dirhtml")


class ReleaseData:
    """The print data of one release page, in the build's language."""

    def __init__(self, app: Sphinx, entry: ReleaseEntry) -> None:
        self.app = app
        self.entry = entry
        self.lang = build_language(app.config)
        self.permalink = page_url(app, entry.docname)
        self.convert = Converter(self.permalink, site_urls(app).root(), self.lang)

    def label(self, text: str) -> str:
        """A label of the extension's catalog, with French spacing in French (as on the page)."""
        return french_spacing(text) if self.lang == "fr" else text

    def of(self, doctree: nodes.document) -> dict[str, Any] | None:
        """The data, or None if the page has no titled section (its header is missing too)."""
        section = next(iter(doctree.findall(nodes.section)), None)
        if section is None or not section.children or not isinstance(section[0], nodes.title):
            return None
        release: dict[str, Any] = {
            "id": self.entry.id,
            "permalink": self.permalink,
            "issued_label": long_date(self.entry.issued, self.app.config),
            "meta": self.meta(),
            "title": self.convert.runs(section[0]),
            "type_label": labels.release_type(self.entry.type),
            "letterheads": [],
        }
        notice = self.notice()
        if notice:
            release["notice"] = notice
        body: list[Block] = []
        provenance = False
        for child in section.children[1:]:
            classes = child["classes"] if isinstance(child, nodes.Element) else []
            if not isinstance(child, nodes.Element):
                body += self.convert.block(child, 0)
            elif "release-header" in classes:
                body += self.header(child, release)
            elif "pdf-download" in classes:
                continue
            elif "end-mark" in classes:
                body.append({"type": "end-mark", "text": clean(child.astext()).strip()})
            elif "contacts" in classes:
                body.append(self.contacts(child))
            elif "release-history" in classes:
                body.append(self.history(child))
            elif "release-provenance" in classes:
                body.append(self.provenance(child))
                provenance = True
            else:
                body += self.convert.block(child, 0)
        if not provenance:
            heading = [{"text": labels.provenance_heading()}]
            body.append({"type": "provenance", "heading": heading, "paragraphs": [], "identifiers": []})
        next(b for b in reversed(body) if b["type"] == "provenance")["identifiers"].append(
            {
                "label": [{"text": self.label(labels.pdf_permalink())}],
                "text": self.permalink,
                "link": self.permalink,
            }
        )
        release["body"] = body
        return {"schema": SCHEMA, "lang": self.lang, "archive": self.app.config.project, "release": release}

    def meta(self) -> dict[str, Any]:
        """The PDF's metadata: title, authors (the issuers), subject, keywords, date."""
        published = Published(archive_domain(self.app.env))
        authors = [issuer.name if issuer else ident for issuer, ident in self.issuers(published)]
        names = sorted({name for _, _, name in published.mentioned_names(self.entry)})
        return {
            "title": clean(self.entry.title).strip(),
            "description": clean(self.entry.subtitle or labels.release_type(self.entry.type)).strip(),
            "authors": authors,
            # No metadata field holds an address: the permalink is the last keyword.
            "keywords": [*names, self.permalink],
            "issued": self.entry.issued.isoformat(),
        }

    def issuers(self, published: Published) -> list[tuple[Any, str]]:
        return [(published.entity("org", ident), ident) for ident in self.entry.issuers]

    def notice(self) -> dict[str, Any] | None:
        """The page's translation notice (:func:`communiques.translation.notices.translation_notice`).

        The same words as the page's, in the PDF's language: translated (the
        original prevails), partly translated, or not translated yet; with
        the original's language and address.
        """
        found = translation_notice(self.app, self.entry.docname)
        return found.as_data() if found is not None else None

    def header(self, header: nodes.Element, release: dict[str, Any]) -> list[Block]:
        """Fill *release* from the page's header; what the header holds besides, as blocks."""
        extra: list[Block] = []
        for child in header.children:
            classes = child.get("classes", ()) if isinstance(child, nodes.Element) else ()
            if "letterheads" in classes:
                release["letterheads"] = [
                    {"lines": [self.convert.runs(line) for line in block.findall(nodes.line)]}
                    for block in child.children
                    if isinstance(block, nodes.line_block)
                ]
            elif "release-type" in classes:
                release["type_label"] = clean(child.astext()).strip()
            elif "distribution" in classes:
                release["distribution"] = clean(child.astext()).strip()
            elif {"subtitle", "issuers", "dateline"} & set(classes):
                key = next(name for name in ("subtitle", "issuers", "dateline") if name in classes)
                release[key] = self.convert.runs(child)
            elif "pdf-download" not in classes:
                extra += self.convert.block(child, 0)
        return extra

    def contacts(self, node: nodes.Element) -> Block:
        groups = []
        for group in node.findall(nodes.container):
            if "contact-group" not in group["classes"]:
                continue
            heading = next(iter(group.findall(nodes.rubric)), None)
            groups.append(
                {
                    "heading": self.convert.runs(heading) if heading is not None else [],
                    "entries": [
                        [self.convert.runs(line) for line in entry.findall(nodes.line)]
                        for entry in group.findall(nodes.line_block)
                    ],
                }
            )
        return {"type": "contacts", "groups": groups}

    def history(self, node: nodes.Element) -> Block:
        heading = next(iter(node.findall(nodes.rubric)), None)
        return {
            "type": "history",
            "heading": self.convert.runs(heading) if heading is not None else [],
            "items": [self.convert.runs(item) for item in node.findall(nodes.list_item)],
        }

    def provenance(self, node: nodes.Element) -> Block:
        """The original, its checksum and its address: identifiers printed whole on a line."""
        block: Block = {"type": "provenance", "heading": [], "paragraphs": [], "identifiers": []}
        for child in node.children:
            if isinstance(child, nodes.rubric):
                block["heading"] = self.convert.runs(child)
            elif isinstance(child, nodes.paragraph) and "checksum" in child["classes"]:
                literal = next(iter(child.findall(nodes.literal)), None)
                if literal is not None:
                    label = [c for c in child.children if c is not literal]
                    block["identifiers"].append(
                        {"label": self.runs_of(label), "text": literal.astext(), "mono": True}
                    )
            elif isinstance(child, nodes.paragraph) and "original-url" in child["classes"]:
                link = next(iter(child.findall(nodes.reference)), None)
                if link is not None and link.get("refuri"):
                    label = [c for c in child.children if c is not link]
                    url = link["refuri"]
                    block["identifiers"].append({"label": self.runs_of(label), "text": url, "link": url})
            else:
                block["paragraphs"] += [b["runs"] for b in self.convert.block(child, 0) if "runs" in b]
        return block

    def runs_of(self, children: list[nodes.Node]) -> list[Run]:
        return self.convert.runs(nodes.inline("", "", *[child.deepcopy() for child in children]))


def write_release_data(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """``html-page-context``: write a release's print data beside the doctrees, if it changed."""
    if doctree is None or not is_html(app):
        return
    entry = archive_domain(app.env).releases.get(pagename)
    if entry is None:
        return
    data = ReleaseData(app, entry).of(doctree)
    if data is None:
        warn(
            "this release's page has no title, so its PDF cannot be made: give the record a `title`",
            ArchiveWarning.PDF,
            location=(pagename, 1),
        )
        return
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    write_if_changed(data_file(print_root(app.doctreedir), pagename), text)


def releases_without_data(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: releases whose print data is missing or of an older version."""
    if not is_html(app):
        return []
    root = print_root(app.doctreedir)
    stamp = version_file(root)
    current = stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == str(DATA_VERSION)
    releases = archive_domain(env).releases
    return sorted(name for name in releases if not current or not data_file(root, name).is_file())


def stamp_data_version(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: every release's data is now of this version."""
    if exception is None and is_html(app):
        write_if_changed(version_file(print_root(app.doctreedir)), f"{DATA_VERSION}\n")


def setup_data(app: Sphinx) -> None:
    app.connect("html-page-context", write_release_data)
    app.connect("env-get-updated", releases_without_data)
    app.connect("build-finished", stamp_data_version)
