"""Text of the other language on built pages: what a reader sees and what a screen reader reads.

Every text node of a page and every attribute read aloud (``aria-label``,
``title``, ``alt``, ``placeholder``, the meta description) is a *segment*.
A segment in an element marked with another ``lang`` is that language's, as
declared, and left out. The others are judged word by word with wordfreq's
French and English frequencies: a word belongs to a language when it is at
least ten times as frequent there (1 on the Zipf scale) and common enough to
tell (Zipf 2.5); a segment is of the other language when more of its words
belong to it than to the page's. Names are neither: the archive's entity
names (in every language) and a few proper names are removed first. Tokens
that are not prose (addresses, file names, hashes, abbreviations such as
``Tél.``) are not judged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.pofile import read_po
from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from wordfreq import zipf_frequency

from communiques.core import frontmatter
from communiques.core.kinds import ENTITY_KINDS

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

#: names that are the same in every language: the archive's, the software the site is made
#: with, registries, and places (wordfreq counts "France" as French: it is more frequent there)
PROPER_NAMES = (
    "Communiqués",
    "Sphinx",
    "Furo",
    "@pradyunsg",
    "Wikidata",
    "ISNI",
    "France",
    "Canada",
    "Québec",
    "Paris",
    "Montréal",
    "Ottawa",
)
#: attributes read aloud or shown as text
READ_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")
#: elements whose text is not prose: code, hashes, scripts
NOT_PROSE = ("script", "style", "code", "kbd", "pre", "template", "noscript")
#: how much more frequent (Zipf) a word must be in one language to belong to it, and how common
MARGIN = 1.0
COMMON = 2.5

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
#: a token that is not prose: has a digit, a slash, an @, an underscore, or is a file name
NOT_A_WORD = re.compile(r"[\d/@_]|^\w+\.\w{2,4}$|^\w{1,4}\.$")


def word_language(word: str) -> str | None:
    """``en``, ``fr``, or None for a word both share, or too rare to tell."""
    english, french = zipf_frequency(word, "en"), zipf_frequency(word, "fr")
    if max(english, french) < COMMON:
        return None
    if english - french >= MARGIN:
        return "en"
    if french - english >= MARGIN:
        return "fr"
    return None


def words(text: str) -> Iterator[str]:
    for token in text.split():
        token = token.strip("()[]«»“”\"',;:!?…—–-·")
        if token and not NOT_A_WORD.search(token):
            yield from (w for w in WORD.findall(token) if len(w) > 1)


def is_other_language(text: str, language: str, names: Iterable[str]) -> bool:
    """Whether *text* (names removed) reads as the other language than *language*."""
    for name in names:
        if name in text:
            text = text.replace(name, " ")
    judged = [word_language(word) for word in words(text)]
    own = judged.count(language)
    other = sum(1 for found in judged if found not in (None, language))
    return other > own


@dataclass(frozen=True)
class Foreign:
    """A segment of the other language on a page."""

    page: str
    text: str
    #: ``text`` or the attribute it is in
    where: str


def declared_language(element: Tag | None, default: str) -> str:
    while element is not None:
        declared = element.get("lang")
        if isinstance(declared, str) and declared:
            return declared.split("-")[0]
        element = element.parent
    return default


def hidden(element: Tag) -> bool:
    """Whether *element* is neither shown nor read (``hidden``, ``aria-hidden``): data for scripts."""
    for tag in (element, *element.parents):
        if tag.get("hidden") is not None or tag.get("aria-hidden") == "true":
            return True
    return False


def segments(soup: BeautifulSoup, language: str) -> Iterator[tuple[str, str]]:
    """(where, text) of every segment of the page in *language* (declared otherwise: left out)."""
    for node in soup.find_all(string=True):
        if isinstance(node, Comment) or not isinstance(node, NavigableString):
            continue
        parent = node.parent
        if parent is None or parent.find_parent(NOT_PROSE) is not None or parent.name in NOT_PROSE:
            continue
        if hidden(parent):
            continue
        link = parent if parent.name == "a" else parent.find_parent("a")
        if link is not None and str(link.get("href", "")).startswith("mailto:"):
            continue
        text = " ".join(node.split())
        if text and declared_language(parent, language) == language:
            yield "text", text
    for element in soup.find_all(True):
        for attribute in READ_ATTRIBUTES:
            value = element.get(attribute)
            if isinstance(value, str) and value.strip() and declared_language(element, language) == language:
                yield attribute, " ".join(value.split())
        if element.name == "meta" and element.get("name") == "description":
            yield "meta description", str(element.get("content", ""))


def foreign_strings(site: Path, language: str, names: Iterable[str]) -> list[Foreign]:
    """Every segment of the other language on the pages of *site*'s *language* folder."""
    ordered = sorted(set(names) | set(PROPER_NAMES), key=len, reverse=True)
    found = []
    for path in sorted((site / language).rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        page = path.relative_to(site).as_posix()
        for where, text in segments(soup, language):
            if is_other_language(text, language, ordered):
                found.append(Foreign(page, text, where))
    return found


# -- the archive's names ----------------------------------------------------------------------

#: the fields of an authority record that are names
NAME_FIELDS = ("name", "acronym", "aliases", "other_names")


def entity_names(root: Path) -> set[str]:
    """The names of every authority record of *root* (laid out like the archive), in every language.

    Every kind's (:data:`communiques.core.kinds.ENTITY_KINDS`): a topic's
    aliases may be its English names, shown on its French page.

    As written in the records, and as their catalogs translate them.
    """
    names: set[str] = set()
    for folder in (kind.folder for kind in ENTITY_KINDS):
        for record in sorted((root / "source" / folder).glob("*.md")):
            data = frontmatter.read(record.read_text(encoding="utf-8")).data or {}
            found = set()
            for field in NAME_FIELDS:
                value = data.get(field)
                found.update([value] if isinstance(value, str) else value or [])
            names |= {str(name) for name in found}
            for po in sorted((root / "locales").glob(f"*/LC_MESSAGES/{folder}/{record.stem}.po")):
                with po.open("rb") as handle:
                    for message in read_po(handle):
                        if message.id in found and message.string:
                            names.add(str(message.string))
    # Typography turns ' into ’ on the page.
    return names | {name.replace("'", "’") for name in names}
