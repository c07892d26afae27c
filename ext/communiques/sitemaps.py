"""The sitemap of one language (``<lang>/sitemap.xml``), with its translations.

Every page of the language is listed with its address in each other
language (``xhtml:link rel="alternate" hreflang``), and the source
language's page as ``x-default``, as search engines ask of multilingual
sites. ``lastmod`` comes from the records, not from file times: a release
changed when it was issued or last revised; an entity page or a listing
changes when a release it lists does.

The index of both languages' sitemaps, at the site's root, is written by
``python -m communiques.site`` (:func:`sitemap_index`), the only part of the
build that sees every language.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from communiques.published import Published, modified, write_if_changed
from communiques.records import archive_domain
from communiques.urls import page_url, site_urls

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sphinx.application import Sphinx


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
SITEMAP = "sitemap.xml"


def last_modified(published: Published, docname: str, root_doc: str) -> date | None:
    """When the page last changed, according to the records it shows."""
    domain = published.domain
    release = domain.releases.get(docname)
    if release is not None:
        return modified(release)
    entity = domain.entities.get(docname)
    if entity is not None:
        shown = published.releases_mentioning(entity.kind, entity.id)
    elif docname in domain.listings or docname == root_doc:
        shown = list(domain.releases.values())
        year = docname.split("/")[1] if docname.startswith("releases/") and docname.count("/") == 2 else None
        if year and year.isdigit():
            shown = [e for e in shown if e.issued.year == int(year)]
    else:
        return None
    return max((modified(e) for e in shown), default=None)


def sitemap(app: Sphinx) -> bytes:
    """The sitemap of the build's language."""
    published = Published(archive_domain(app.env))
    urls = site_urls(app)
    default_language = urls.languages[0]
    urlset = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS, "xhtml": XHTML_NS})
    for docname in sorted(app.env.all_docs):
        url = etree.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = page_url(app, docname)
        lastmod = last_modified(published, docname, app.config.root_doc)
        if lastmod is not None:
            etree.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = lastmod.isoformat()
        alternates = [(lang, lang) for lang in urls.languages] + [("x-default", default_language)]
        for hreflang, lang in alternates:
            etree.SubElement(
                url,
                f"{{{XHTML_NS}}}link",
                rel="alternate",
                hreflang=hreflang,
                href=page_url(app, docname, lang),
            )
    return etree.tostring(urlset, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write_sitemap(app: Sphinx) -> Path:
    path = Path(app.outdir, SITEMAP)
    write_if_changed(path, sitemap(app))
    return path


def sitemap_index(base_url: str, languages: Sequence[str]) -> bytes:
    """The sitemap index of the whole site: one sitemap per language."""
    index = etree.Element(f"{{{SITEMAP_NS}}}sitemapindex", nsmap={None: SITEMAP_NS})
    for lang in languages:
        entry = etree.SubElement(index, f"{{{SITEMAP_NS}}}sitemap")
        etree.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = f"{base_url}{lang}/{SITEMAP}"
    return etree.tostring(index, xml_declaration=True, encoding="UTF-8", pretty_print=True)
