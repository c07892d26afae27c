"""The checks of the published products other than pages and search: PDFs and open data.

Each check takes a published file and returns its problems (none: an empty
list), each naming the file and what to do.

- :func:`verify_pdf`: the PDF opens, ends whole, has a page count in range,
  text on its first pages, and claims PDF/A-2a in its XMP metadata. It has
  the signature of ``communiques.pdf.verify.verify_pdf`` (the PDF engine's own
  check, on its way with the Typst renderer), which replaces it when it lands.
- :func:`check_feed`, :func:`check_sitemap`: the XML parses (lxml, no entity
  or network access) and its root is an Atom feed, a sitemap or a sitemap index.
- :func:`check_export`: the JSON export parses and validates against
  ``docs/export.schema.json`` (the ``jsonschema`` library).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from communiques.core.files import REPOSITORY

#: the XMP claims of a PDF/A-2a file (WeasyPrint writes them; docs/pdf.md)
PDF_CLAIMS = {"part": "2", "conformance": "A"}
PDFAID = "http://www.aiim.org/pdfa/ns/id/"
ATOM = "{http://www.w3.org/2005/Atom}feed"
SITEMAP_ROOTS = frozenset(
    {
        "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset",
        "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex",
    }
)
EXPORT_SCHEMA = REPOSITORY / "docs" / "export.schema.json"


def verify_pdf(path: Path, *, min_pages: int = 1, max_pages: int = 100_000) -> list[str]:
    """The problems of the PDF at *path* (none: an empty list), each naming the file."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        with path.open("rb") as stream:
            stream.seek(max(0, path.stat().st_size - 64))
            tail = stream.read()
        reader = PdfReader(path, strict=True)
        pages = len(reader.pages)
    except (PyPdfError, OSError, ValueError, KeyError) as error:
        return [f"{path}: not a readable PDF ({error}): render it again"]
    problems: list[str] = []
    if b"%%EOF" not in tail:
        problems.append(f"{path}: cut short (no %%EOF at its end): render it again")
    if not min_pages <= pages <= max_pages:
        problems.append(f"{path}: {pages} pages, expected {min_pages} to {max_pages}")
    try:
        text = "".join(page.extract_text() or "" for page in reader.pages[:3])
        metadata = reader.xmp_metadata
        claims = {key: _xmp_value(metadata, key) for key in PDF_CLAIMS} if metadata else {}
    except (PyPdfError, ValueError, KeyError, TypeError) as error:
        return [*problems, f"{path}: its pages or metadata do not read ({error}): render it again"]
    if not text.strip():
        problems.append(f"{path}: no text on its first pages")
    if claims != PDF_CLAIMS:
        problems.append(f"{path}: its metadata does not claim PDF/A-2a ({claims})")
    return problems


def _xmp_value(metadata: Any, key: str) -> str | None:
    """A ``pdfaid:`` property of XMP metadata, written as an attribute or as an element."""
    for description in metadata.rdf_root.getElementsByTagNameNS(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "Description"
    ):
        if description.hasAttributeNS(PDFAID, key):
            return str(description.getAttributeNS(PDFAID, key))
        for element in description.getElementsByTagNameNS(PDFAID, key):
            return "".join(node.data for node in element.childNodes if node.nodeType == node.TEXT_NODE)
    return None


def _xml_root(path: Path, name: str) -> tuple[Any, list[str]]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        return etree.parse(str(path), parser).getroot(), []
    except (etree.XMLSyntaxError, OSError) as error:
        return None, [f"{name}: does not parse as XML ({error})"]


def check_feed(path: Path, name: str) -> list[str]:
    root, problems = _xml_root(path, name)
    if root is not None and root.tag != ATOM:
        problems.append(f"{name}: not an Atom feed (its root is {root.tag})")
    return problems


def check_sitemap(path: Path, name: str) -> list[str]:
    root, problems = _xml_root(path, name)
    if root is not None and root.tag not in SITEMAP_ROOTS:
        problems.append(f"{name}: not a sitemap (its root is {root.tag})")
    return problems


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    schema = json.loads(EXPORT_SCHEMA.read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def check_export(path: Path, name: str) -> list[str]:
    try:
        document = json.loads(path.read_bytes())
    except (OSError, ValueError) as error:
        return [f"{name}: does not parse as JSON ({error})"]
    errors = sorted(_validator().iter_errors(document), key=lambda e: list(e.absolute_path))
    return [
        f"{name}: at /{'/'.join(str(p) for p in error.absolute_path)}: {error.message} "
        f"(docs/export.schema.json)"
        for error in errors[:10]
    ]


def kind_of(name: str) -> str | None:
    """Which check a published file gets: ``pdf``, ``feed``, ``sitemap``, ``export`` or None."""
    tail = name.split("/", 1)[1] if "/" in name else name
    if name.endswith(".pdf"):
        return "pdf"
    if tail.startswith("feeds/") and tail.endswith(".xml"):
        return "feed"
    if tail == "sitemap.xml":
        return "sitemap"
    if tail == "export/archive.json":
        return "export"
    return None


CHECKS = {"feed": check_feed, "sitemap": check_sitemap, "export": check_export}
