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


def check_export(path: Path, name: str, previous: Path | None = None) -> list[str]:
    """Problems of the export at *path*: it must parse and validate against its schema.

    With *previous* (the export as published, which passed this check), the
    members of the export's lists that are equal to a published one (by
    ``id``) were validated then: only the document's head and the other
    members are validated again. At 1,000 releases the whole export takes
    2-4 s to validate, ten times that at 10,000; one release added takes
    a fraction of a second.
    """
    try:
        document = json.loads(path.read_bytes())
    except (OSError, ValueError) as error:
        return [f"{name}: does not parse as JSON ({error})"]
    kept: dict[str, list[int]] = {}
    if previous is not None and isinstance(document, dict):
        document, kept = _not_yet_valid(document, previous)
    errors = sorted(_validator().iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path])

    def where(path: list[Any]) -> str:
        if len(path) > 1 and path[0] in kept and isinstance(path[1], int):
            path = [path[0], kept[path[0]][path[1]], *path[2:]]  # its place in the whole export
        return "/".join(str(part) for part in path)

    return [
        f"{name}: at /{where(list(error.absolute_path))}: {error.message} (docs/export.schema.json)"
        for error in errors[:10]
    ]


def _not_yet_valid(document: dict[str, Any], previous: Path) -> tuple[dict[str, Any], dict[str, list[int]]]:
    """*document* without the list members equal to those of the *previous* export, and the
    place in *document* of each member kept, by list."""
    try:
        old = json.loads(previous.read_bytes())
    except (OSError, ValueError):
        return document, {}
    if not isinstance(old, dict):
        return document, {}
    reduced = dict(document)
    kept: dict[str, list[int]] = {}
    for key, members in document.items():
        before = old.get(key)
        if not isinstance(members, list) or not isinstance(before, list):
            continue
        known = {item.get("id"): item for item in before if isinstance(item, dict) and "id" in item}
        kept[key] = [
            place
            for place, item in enumerate(members)
            if not (isinstance(item, dict) and known.get(item.get("id"), None) == item)
        ]
        reduced[key] = [members[place] for place in kept[key]]
    return reduced, kept


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
