"""The sitemap of one language (``<lang>/sitemap.xml``), with its translations.

Every page of the language is listed with its address in each other
language (``xhtml:link rel="alternate" hreflang``), and the source
language's page as ``x-default``, as search engines ask of multilingual
sites. ``lastmod`` comes from the records, not from file times: a release
changed when it was issued or last revised; an entity page or a listing
changes when a release it lists does.

The sitemap is written again only when one of its rows (address, date,
translations) changed: their fingerprint is kept from build to build
(:class:`communiques.opendata.published.OpenDataState`).

The index of both languages' sitemaps, at the site's root, is written by
``python -m communiques.tools.site`` (:func:`sitemap_index`), the only part of the
build that sees every language.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from lxml import etree

from communiques.archive.domain import archive_domain
from communiques.core.files import write_if_changed
from communiques.core.urls import site_urls
from communiques.opendata.published import OpenDataState, Published, fingerprint, modified

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sphinx.application import Sphinx


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
SITEMAP = "sitemap.xml"


class LastModified:
    """When each page last changed, according to the records it shows.

    A release changed when it was issued or last revised; an entity page,
    a year page and the home page when the newest release they list did.
    Each release's date is computed once: listings would otherwise go
    through every release again.
    """

    def __init__(self, published: Published, root_doc: str) -> None:
        self.published = published
        self.root_doc = root_doc
        self.of_release = {docname: modified(e) for docname, e in published.domain.releases.items()}
        self.by_year: dict[int, date] = {}
        for docname, entry in published.domain.releases.items():
            year, day = entry.issued.year, self.of_release[docname]
            self.by_year[year] = max(day, self.by_year.get(year, day))
        self.newest = max(self.by_year.values(), default=None)

    def __call__(self, docname: str) -> date | None:
        domain = self.published.domain
        if docname in self.of_release:
            return self.of_release[docname]
        entity = domain.entities.get(docname)
        if entity is not None:
            shown = self.published.releases_mentioning(entity.kind, entity.id)
            return max((self.of_release[e.docname] for e in shown), default=None)
        if docname in domain.listings or docname == self.root_doc:
            year = (
                docname.split("/")[1] if docname.startswith("releases/") and docname.count("/") == 2 else None
            )
            if year and year.isdigit():
                return self.by_year.get(int(year))
            return self.newest
        return None


class Row(NamedTuple):
    """One page of the sitemap."""

    loc: str
    lastmod: date | None
    #: (hreflang, address) of each language's page, then x-default's
    alternates: tuple[tuple[str, str], ...]


def rows(app: Sphinx) -> list[Row]:
    """Every page of the build's language, as the sitemap lists it."""
    urls = site_urls(app)
    last_modified = LastModified(Published(archive_domain(app.env)), app.config.root_doc)
    hreflangs = [(lang, lang) for lang in urls.languages] + [("x-default", urls.languages[0])]
    found = []
    for docname in sorted(app.env.all_docs):
        path = app.builder.get_target_uri(docname)
        alternates = tuple((hreflang, urls.of(path, lang)) for hreflang, lang in hreflangs)
        found.append(Row(urls.of(path), last_modified(docname), alternates))
    return found


def document(found: list[Row]) -> bytes:
    """The sitemap of *found* pages."""
    urlset = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS, "xhtml": XHTML_NS})
    for row in found:
        url = etree.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = row.loc
        if row.lastmod is not None:
            etree.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = row.lastmod.isoformat()
        for hreflang, href in row.alternates:
            etree.SubElement(url, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=hreflang, href=href)
    return etree.tostring(urlset, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def sitemap(app: Sphinx) -> bytes:
    """The sitemap of the build's language."""
    return document(rows(app))


def write_sitemap(app: Sphinx, state: OpenDataState) -> bool:
    """Write the sitemap if its rows changed since the last build; whether it was made again."""
    found = rows(app)
    if state.unchanged(SITEMAP, fingerprint(found)):
        return False
    write_if_changed(Path(app.outdir, SITEMAP), document(found))
    return True


def sitemap_index(base_url: str, languages: Sequence[str]) -> bytes:
    """The sitemap index of the whole site: one sitemap per language."""
    index = etree.Element(f"{{{SITEMAP_NS}}}sitemapindex", nsmap={None: SITEMAP_NS})
    for lang in languages:
        entry = etree.SubElement(index, f"{{{SITEMAP_NS}}}sitemap")
        etree.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = f"{base_url}{lang}/{SITEMAP}"
    return etree.tostring(index, xml_declaration=True, encoding="UTF-8", pretty_print=True)
