"""Draft records: how a name as printed becomes a record, and how the record is written.

A person's draft takes the name without its honorific (``Mme``, ``M.``,
``L'honorable``), a sort name with the family name first, and the post as
printed as an appointment without dates; an organisation's draft takes the
name as printed and, when its first word tells (``Ministère``, ``Université``,
``Fondation``…), a classification. The id is the name in lowercase ASCII
words, with a number added if a record already has it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from communiques.core.posts import fold
from communiques.tools.record import dump_front_matter

if TYPE_CHECKING:
    from pathlib import Path

#: a record keeps the evidence of this many releases at most
MAX_EVIDENCE = 20
_HONORIFIC = re.compile(
    r"^(?:m\.|mme|mmes|mm\.|me|dr|dre|pr|mr\.?|mrs\.?|ms\.?|l['’]honorable|the honourable|hon\.)\s+",
    re.IGNORECASE,
)
_PARTICLES = frozenset("de du des d' la le van von der den di da st-".split())
#: the first word of an organisation's name → its classification
CLASSES = {
    "ministere": "ministry",
    "ministry": "ministry",
    "department": "ministry",
    "secretariat": "ministry",
    "cabinet": "ministerial-office",
    "gouvernement": "government",
    "government": "government",
    "universite": "university",
    "university": "university",
    "ecole": "school",
    "school": "school",
    "college": "school",
    "institut": "research-institute",
    "institute": "research-institute",
    "observatoire": "research-institute",
    "chaire": "research-chair",
    "chair": "research-chair",
    "fondation": "foundation",
    "foundation": "foundation",
    "societe": "government-agency",
    "agence": "government-agency",
    "agency": "government-agency",
    "office": "government-agency",
    "commission": "government-agency",
    "regie": "government-agency",
    "bureau": "government-agency",
    "centre": None,
    "conseil": None,
    "organisation": None,
    "association": None,
}
DRAFT_NOTE = (
    "% Draft written by `python -m communiques import` from the releases in `evidence`: check the facts\n"
    "% (posts and their dates, organisation, spelling), write a sentence about it here, then remove\n"
    "% `draft: true`. Until then its page is marked “to be reviewed”.\n"
)


def plain_slug(text: str, max_length: int = 80) -> str:
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    slug = "-".join(re.findall(r"[a-z0-9]+", ascii_))[:max_length].strip("-")
    return slug or "sans-nom"


def person_name(printed: str) -> str:
    """``Mme Sonia Tremblay`` → ``Sonia Tremblay``."""
    return _HONORIFIC.sub("", " ".join(printed.split())).strip(" ,")


def sort_name(name: str) -> str:
    """``Jean de la Fontaine`` → ``de la Fontaine, Jean``; family name last, as releases print it."""
    words = name.split()
    if len(words) < 2:
        return name
    cut = len(words) - 1
    while cut > 1 and words[cut - 1].casefold() in _PARTICLES:
        cut -= 1
    return f"{' '.join(words[cut:])}, {' '.join(words[:cut])}"


def classification(name: str) -> str | None:
    first = fold(name).split(" ")[0].split("'")[-1] if name.strip() else ""
    return CLASSES.get(first)


def looks_like_an_organisation(line: str) -> bool:
    first = fold(line).split(" ")[0].split("'")[-1] if line.strip() else ""
    return first in CLASSES and line[:1].isupper()


@dataclass
class DraftFile:
    """A draft record written (or to be written) by this run."""

    kind: str
    id: str
    path: Path
    front: dict[str, Any]
    body: str = DRAFT_NOTE
    created: bool = True
    changed: bool = True
    #: written by this run (created, or updated with new evidence or posts)
    written: bool = False
    #: releases whose evidence it holds, in this run
    releases: list[str] = field(default_factory=list)

    def text(self) -> str:
        return dump_front_matter(self.front) + "\n\n" + self.body
