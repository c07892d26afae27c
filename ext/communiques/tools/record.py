"""Write a release read from text as a record: front matter, body, directives, links.

The record keeps every word of the original: metadata goes to the front
matter (validated against the schema before anything is written), sections
go to the archive's directives, and mentions of recorded entities become
roles (:mod:`communiques.tools.linker`). Capitalised names that match no
record are returned as suggestions, each with what to do
(:mod:`communiques.tools.suggestions`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml

from communiques.core import frontmatter, schema
from communiques.core.posts import DASHES, fold
from communiques.tools.linker import Linked, count_unknown
from communiques.tools.textreader import Note, ReleaseTextError

if TYPE_CHECKING:
    from communiques.tools.linker import Linker
    from communiques.tools.suggestions import Suggester
    from communiques.tools.textreader import ReleaseText

_SLUG_STOP = frozenset(
    "le la les l d de du des et en à au aux un une sur pour par the a an of and in on for to".split()
)


@dataclass(frozen=True)
class Imported:
    id: str
    text: str  # the record, front matter and body
    notes: tuple[Note, ...]
    suggestions: tuple[tuple[str, int], ...]  # unknown names and how often they occur
    links: int
    #: what to do about each suggested name (add an alias to a record, or create one)
    advice: dict[str, str] = field(default_factory=dict, compare=False)


def slugify(title: str, max_length: int = 70) -> str:
    """``Le Québec et la France, partenaires…`` → ``quebec-france-partenaires…``."""
    title = "".join("-" if c in DASHES else c for c in title).replace("’", "'")
    ascii_ = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = [w for w in re.split(r"[^a-z0-9]+", ascii_.lower()) if w and w not in _SLUG_STOP]
    slug = ""
    for word in words:
        if slug and len(slug) + 1 + len(word) > max_length:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "communique"


def render(
    release: ReleaseText,
    linker: Linker,
    record_id: str,
    source: dict[str, str] | None = None,
    suggester: Suggester | None = None,
) -> Imported:
    """The record's text: front matter, then the body with mentions linked."""
    results: list[Linked] = []

    def linked(paragraph: str) -> str:
        result = linker.link(paragraph)
        results.append(result)
        return result.text

    front: dict[str, Any] = {"id": record_id, "type": release.type, "title": release.title}
    if release.subtitle:
        front["subtitle"] = release.subtitle
    front |= {"issued": release.issued, "place": release.place, "language": release.language}
    front["issuers"] = release.issuers
    if release.letterhead:
        front["letterhead"] = release.letterhead
    if release.distribution:
        front["distribution"] = release.distribution
    front["status"] = "published"
    if source:
        front["source"] = source
    if release.end_mark:
        front["end_mark"] = release.end_mark
    if release.contacts:
        front["contacts"] = release.contacts
    parts = [dump_front_matter(front)]
    parts += [linked(p) for p in release.body]
    notes = list(release.notes)
    if release.quotes:
        parts.append("::::{citations}")
        for quote in release.quotes:
            parts.append(_quote(quote, linker, notes, linked))
        parts.append("::::")
    if release.highlights:
        items = [linked(line) for line in release.highlights]
        parts.append("::::{highlights}\n\n" + "\n".join(items) + "\n\n::::")
    if release.related:
        parts.append("::::{related-links}\n\n" + "\n\n".join(linked(p) for p in release.related) + "\n\n::::")
    text = "\n\n".join(parts) + "\n"
    counts = count_unknown(results)
    advice: dict[str, str] = {}
    if suggester is not None:
        counts, advice = suggester.review(counts, results, release)
    suggestions = tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
    return Imported(record_id, text, tuple(notes), suggestions, sum(len(r.links) for r in results), advice)


def _quote(quote: dict[str, Any], linker: Linker, notes: list[Note], linked: Any) -> str:
    person = linker.authority.get("person", quote["person"]) if quote.get("person") else None
    person = person or linker.entity_named(quote["name"], "person")
    options = []
    if person is None:
        ident = slugify(quote["name"])
        notes.append(
            Note(
                quote["line"],
                f"the quote of {quote['name']} names no recorded person: add source/people/{ident}.md",
            )
        )
    else:
        ident = person.id
    options.append(f":person: {ident}")
    if person is not None and fold(quote["name"]) not in {fold(n) for n in person.names}:
        options.append(f":name: {quote['name']}")
    if quote["post"]:
        options.append(f":post: {quote['post']}")
    text = "\n\n".join(linked(p) for p in quote["text"])
    return ":::{quote}\n" + "\n".join(options) + "\n\n" + text + "\n:::"


class _Dumper(yaml.SafeDumper):
    """Block style, lists indented under their key, as the archive's records are written."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def dump_front_matter(front: dict[str, Any]) -> str:
    dumped = yaml.dump(front, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{dumped}---"


def validate(text: str) -> None:
    """Refuse to write a record whose front matter the schema rejects (an importer bug)."""
    matter = frontmatter.read(text)
    _record, errors = schema.validate(schema.Release, matter.data)
    # issuers may be empty: the archivist is told to fill them; other errors are ours
    errors = [e for e in errors if e[0] != ("issuers",)]
    if matter.errors or errors:
        problems = "; ".join([e.message for e in matter.errors] + [message for _loc, message in errors])
        msg = f"the record made from this text is not valid: {problems}"
        raise ReleaseTextError(msg)
