"""A release's page as it is written: its notice completed, its neighbours in time.

While reading, :class:`~communiques.pages.release_header.ReleaseHeader` gives
each release its notice (type, date, issuers, topics, language). When the
page is written (``doctree-resolved``, HTML builders) the notice gets what
depends on the build rather than on the record: the PDF link (the one the
print plan put in the header, moved here), the page's permanent address and
"cite this release": a citation after APA (7th edition) and the same
reference as CSL-JSON and BibTeX files to download, written beside the page
(``<release>.csl.json``, ``<release>.bib``) when it is written.

Its footer links the release before and after it by date (and a year page
the years before and after), instead of the theme's book order
(``communiques_neighbours`` in the template context). What a page shows of
its neighbours is a listing like any other (:class:`NeighboursSpec`), so
adding a release rewrites the page that now has it as a neighbour.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.dates import format_date
from docutils import nodes
from sphinx.util.osutil import relative_uri

from communiques.archive.domain import archive_domain
from communiques.archive.entries import NeighboursSpec
from communiques.core import labels
from communiques.core.files import write_if_changed
from communiques.core.languages import build_language
from communiques.core.paths import release_path
from communiques.core.urls import page_url
from communiques.pages import notice_labels
from communiques.pages.listings import neighbours_of
from communiques.pages.release_header import meta_field

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from communiques.archive.domain import ArchiveDomain
    from communiques.archive.entries import ReleaseEntry


class release_citation(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """ "Cite this release": its citation as text and as files (HTML builders only).

    Attributes: ``heading``, ``permalink`` and ``permalink_label`` (the
    page's permanent address), ``text`` (the formatted citation),
    ``downloads`` (the label before the files), ``files`` (a list of (label,
    address from the page, media type)).
    """


def _visit_citation(self: Any, node: release_citation) -> None:
    encode, attval = self.encode, self.attval
    links = " · ".join(
        f'<a class="citation-file" href="{attval(href)}" type="{attval(media)}" download>{encode(label)}</a>'
        for label, href, media in node["files"]
    )
    self.body.append(
        f'<details class="release-cite"><summary>{encode(node["heading"])}</summary>\n'
        f'<p class="permalink">{encode(node["permalink_label"])} '
        f'<a href="{attval(node["permalink"])}">{encode(node["permalink"])}</a></p>\n'
        f'<p class="citation-text">{encode(node["text"])}</p>\n'
        f'<p class="citation-files">{encode(node["downloads"])} {links}</p>\n</details>\n'
    )
    raise nodes.SkipNode


def _skip(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


# -- citations -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """What a citation of a release says, in the build's language."""

    id: str
    authors: tuple[str, ...]
    title: str
    type_code: str
    type_label: str
    issued: Any
    url: str
    site: str
    language: str

    def text(self) -> str:
        from babel.lists import format_list

        date = format_date(self.issued, format=notice_labels.citation_date(), locale=self.language)
        return notice_labels.citation().format(
            authors=format_list(list(self.authors), locale=self.language),
            date=date,
            title=self.title,
            type=self.type_label,
            site=self.site,
            url=self.url,
        )

    def csl_json(self) -> str:
        """CSL-JSON (the Citation Style Language's data format), as reference managers import it.

        CSL has no press-release type: a speech is a ``speech``, any other
        release a ``report`` whose ``genre`` names it, as Zotero exports them.
        """
        item = {
            "id": self.id,
            "type": "speech" if self.type_code == "speech" else "report",
            "genre": self.type_label,
            "title": self.title,
            "author": [{"literal": name} for name in self.authors],
            "issued": {"date-parts": [[self.issued.year, self.issued.month, self.issued.day]]},
            "publisher": self.site,
            "URL": self.url,
            "language": self.language,
        }
        return json.dumps([item], ensure_ascii=False, indent=2) + "\n"

    def bibtex(self) -> str:
        """A BibLaTeX ``@misc`` entry (UTF-8); organisations as authors in braces, as BibTeX needs."""
        fields = [
            ("author", " and ".join(f"{{{bib_escape(name)}}}" for name in self.authors)),
            ("title", f"{{{bib_escape(self.title)}}}"),
            ("howpublished", bib_escape(self.type_label)),
            ("date", self.issued.isoformat()),
            ("year", str(self.issued.year)),
            ("url", self.url),
            ("organization", bib_escape(self.site)),
            ("langid", bib_escape(self.language)),
        ]
        body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields)
        return f"@misc{{{self.id},\n{body}\n}}\n"


_BIB_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def bib_escape(text: str) -> str:
    """*text* as BibTeX reads it literally: its special characters escaped."""
    return "".join(_BIB_SPECIAL.get(char, char) for char in text)


def reference_of(app: Sphinx, domain: ArchiveDomain, entry: ReleaseEntry) -> Reference:
    names = domain.entities_by_key()
    authors = tuple(names[("org", i)].name if ("org", i) in names else i for i in entry.issuers)
    return Reference(
        id=entry.id,
        authors=authors,
        title=entry.title,
        type_code=entry.type,
        type_label=labels.release_type(entry.type),
        issued=entry.issued,
        url=page_url(app, entry.docname),
        site=app.config.project,
        language=build_language(app.config),
    )


#: the reference's files: (label, suffix beside the page's name, media type)
CITATION_FILES = (
    ("CSL-JSON", ".csl.json", "application/vnd.citationstyles.csl+json"),
    ("BibTeX", ".bib", "application/x-bibtex"),
)


def write_citation_files(app: Sphinx, docname: str, reference: Reference) -> list[tuple[str, str, str]]:
    """Write the reference's files beside the page; (label, address from the page, media type) of each."""
    page = app.builder.get_target_uri(docname)
    contents = {".csl.json": reference.csl_json(), ".bib": reference.bibtex()}
    files = []
    for label, suffix, media in CITATION_FILES:
        target = f"{docname}{suffix}"
        write_if_changed(Path(app.outdir) / target, contents[suffix].encode())
        files.append((label, relative_uri(page, target), media))
    return files


def citation_node(reference: Reference, files: list[tuple[str, str, str]]) -> release_citation:
    return release_citation(
        heading=notice_labels.cite_heading(),
        permalink=reference.url,
        permalink_label=notice_labels.permalink(),
        text=reference.text(),
        downloads=notice_labels.citation_downloads(),
        files=files,
    )


# -- the notice, completed when the page is written -----------------------------------------------


def complete_notice(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the PDF, and the permanent address with the citation, in a release's notice."""
    if app.builder.format != "html":
        return
    domain = archive_domain(app.env)
    entry = domain.releases.get(docname)
    if entry is None:
        return
    notice = next((n for n in doctree.findall(nodes.container) if "release-meta" in n["classes"]), None)
    if notice is None:
        return
    fields = next(iter(notice.findall(nodes.field_list)))
    # The print plan's link (communiques.pdf.plan) is moved here, where readers look for it.
    pdf = next(
        (p for p in doctree.findall(nodes.paragraph) if "pdf-download" in p["classes"]),
        None,
    )
    if pdf is not None:
        pdf.parent.remove(pdf)
        fields += meta_field("pdf", "pdf-download", list(pdf.children))
    reference = reference_of(app, domain, entry)
    notice += citation_node(reference, write_citation_files(app, docname, reference))


# -- neighbours --------------------------------------------------------------------------------


def note_neighbours(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: a release's or a year's page shows its neighbours (a listing)."""
    docname = app.env.docname
    if release_path(docname) is not None:
        archive_domain(app.env).add_listing(docname, NeighboursSpec(docname))


def neighbours_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """``html-page-context``: links to the page's neighbours in time, for the footer."""
    if doctree is None or release_path(pagename) is None:
        return
    before, after = neighbours_of(archive_domain(app.env), pagename)
    is_year = release_path(pagename).is_year_page  # type: ignore[union-attr]
    links = []
    for rel, (target, title), label in (
        ("prev", before, notice_labels.previous_year() if is_year else notice_labels.previous_release()),
        ("next", after, notice_labels.next_year() if is_year else notice_labels.next_release()),
    ):
        if target:
            links.append({"rel": rel, "href": context["pathto"](target), "title": title, "label": label})
    if links:
        context["communiques_neighbours"] = {"label": notice_labels.neighbours_label(), "links": links}


def setup_release_page(app: Sphinx) -> None:
    html = (_visit_citation, None)
    skip = (_skip, None)
    app.add_node(release_citation, html=html, latex=skip, text=skip, man=skip, texinfo=skip)
    app.connect("doctree-read", note_neighbours)
    app.connect("doctree-resolved", complete_notice)
    app.connect("html-page-context", neighbours_context)
