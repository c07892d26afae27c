"""The checks of the published products other than pages and search: PDFs and open data.

Each check takes a published file and returns its problems (none: an empty
list), each naming the file and what to do.

- PDFs: :func:`communiques.pdf.verify.verify_pdf`, the PDF step's own check
  (the file opens and is whole, has pages and text, and claims PDF/A-2a and
  PDF/UA-1).
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

ATOM = "{http://www.w3.org/2005/Atom}feed"
SITEMAP_ROOTS = frozenset(
    {
        "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset",
        "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex",
    }
)
EXPORT_SCHEMA = REPOSITORY / "docs" / "export.schema.json"


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
