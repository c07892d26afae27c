"""A year's print data, made of its releases' data (already in the build's language).

The year's PDF is one Typst document: a cover with the contents, then each
release as in its own PDF. Its metadata is the year's: its title, the
issuers of its releases as authors, the year page's address as keyword
(the names its releases mention would make a string longer than PDF/A
allows in a large year), and the first date of issue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from communiques.pdf.data import SCHEMA

#: the authors of a year, joined, are kept under this length (PDF/A strings stop at 32,767 bytes)
MAX_AUTHORS_CHARACTERS = 4_000


@dataclass(frozen=True)
class YearSpec:
    """What a year's PDF shows besides its releases, from the print plan."""

    year: str
    title: str
    permalink: str
    language: str
    archive: str
    #: the heading of the table of contents
    contents: str


def year_data(spec: YearSpec, members: list[dict[str, Any]]) -> dict[str, Any]:
    """The data of *spec*'s PDF, from its releases' data (each as :mod:`.data` wrote it)."""
    releases = [member["release"] for member in members]
    authors: list[str] = []
    length = 0
    for author in dict.fromkeys(name for release in releases for name in release["meta"]["authors"]):
        length += len(author) + 2
        if length > MAX_AUTHORS_CHARACTERS:
            break
        authors.append(author)
    return {
        "schema": SCHEMA,
        "lang": spec.language,
        "archive": spec.archive,
        "labels": {"contents": spec.contents},
        "meta": {
            "title": spec.title,
            "description": spec.title,
            "authors": authors,
            "keywords": [spec.permalink],
            "issued": min((r["meta"]["issued"] for r in releases), default=f"{spec.year}-01-01"),
        },
        "releases": releases,
    }
