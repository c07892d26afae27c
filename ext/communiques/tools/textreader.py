"""Read the plain text of a release: its parts, in the shape of the seed's original.

The plain text is the shape releases are captured in (see the seed,
``source/originals/2020-06-25-…txt``): a ``#`` heading naming the kind of
release, the letterhead, the distribution mark, the title (``##``) and
subtitle (``###``), the bold dateline ``**Québec, le 25 juin 2020.** –``
opening the body, then sections headed Citations (quotes, each followed by
its italic attribution), Faits saillants (a list), Liens connexes, the end
mark ``- 30 -`` and the contacts (Source, Sources, Informations). English
headings (Quotes, Quick facts, Associated links, Contacts) read too.

:func:`parse` returns a :class:`ReleaseText`: every word of the original in
its part, with the line each part starts on (problems name it). Letterhead
blocks and contacts are matched with recorded organisations and people here;
what matches nothing is kept for :mod:`communiques.tools.drafting`. An HTML
page is first turned into this shape by :mod:`communiques.tools.htmlreader`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from communiques.tools import dateline

if TYPE_CHECKING:
    from communiques.tools.linker import Linker

#: a line of the text and its number (from 1)
Line = tuple[int, str]

#: ``#`` heading of the original → release type
RELEASE_TYPES = {
    "communiqué de presse": "press-release",
    "communiqué": "press-release",
    "press release": "press-release",
    "news release": "press-release",
    "déclaration": "statement",
    "statement": "statement",
    "avis aux médias": "media-advisory",
    "media advisory": "media-advisory",
    "discours": "speech",
    "speech": "speech",
}
#: section headings (without markup and final colon) → section
SECTIONS = {
    "citations": "citations",
    "citation": "citations",
    "quotes": "citations",
    "quote": "citations",
    "faits saillants": "highlights",
    "fait saillant": "highlights",
    "quick facts": "highlights",
    "highlights": "highlights",
    "liens connexes": "related-links",
    "lien connexe": "related-links",
    "associated links": "related-links",
    "related links": "related-links",
    "source": "source",
    "sources": "source",
    "contact": "source",
    "contacts": "source",
    "informations": "information",
    "information": "information",
    "renseignements": "information",
    "for information": "information",
}
DISTRIBUTION = re.compile(r"^(pour diffusion immédiate|for immediate release)$", re.IGNORECASE)
END_MARK = re.compile(r"^[-–—]\s*30\s*[-–—]$")
_HEADING = re.compile(r"^(?P<level>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
_DATELINE = re.compile(r"^\*\*(?P<dateline>[^*]+?)\*\*\s*(?:[-–—]+\s*)?(?P<rest>.*)$", re.DOTALL)
_ATTRIBUTION = re.compile(r"^\*(?P<text>[^*].*?)\*$", re.DOTALL)
_PHONE_LABEL = re.compile(r"^(?:tél(?:éphone)?|tel(?:ephone)?|phone|téléc\.?)\s*\.?\s*:?\s*", re.IGNORECASE)
_PHONE = re.compile(r"^\+?[\d\s().-]{7,}(?:,?\s*(?:poste|ext\.?)\s*\d+)?$", re.IGNORECASE)
_EXTENSION = re.compile(r",?\s*(?:poste|ext\.?|extension)\s*(?P<digits>\d{1,8})\s*$", re.IGNORECASE)
_EMAIL_LINK = re.compile(r"^\[(?P<text>[^\]]+)\]\(mailto:(?P<address>[^)]+)\)$")
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
#: a line ending with one of these words continues on the next line
_CONTINUES = re.compile(
    r"(?:\b(?:de|du|des|la|le|les|et|en|à|au|aux|sur|pour|of|the|and|for)|\b[ld][’'])$", re.IGNORECASE
)
_MARKUP = re.compile(r"(\*\*|~~|(?<!\w)\*|\*(?!\w)|__)")


class ReleaseTextError(ValueError):
    """The text is not in the shape of a release: says what is missing, and where."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class Note:
    """Something the archivist should look at: not recognised, or not recorded."""

    line: int
    message: str


@dataclass
class ReleaseText:
    """A release read from plain text, before it is written as a record."""

    type: str = "press-release"
    title: str = ""
    subtitle: str | None = None
    place: str = ""
    issued: Any = None
    language: str = "fr"
    issuers: list[str] = field(default_factory=list)
    letterhead: list[dict[str, Any]] = field(default_factory=list)
    distribution: str | None = None
    end_mark: str | None = None
    contacts: list[dict[str, Any]] = field(default_factory=list)
    #: line of each contact entry, by (block, entry)
    contact_lines: dict[tuple[int, int], int] = field(default_factory=dict)
    body: list[str] = field(default_factory=list)  # paragraphs
    #: text (paragraphs), name and post as printed, line of the attribution; `person` once known
    quotes: list[dict[str, Any]] = field(default_factory=list)
    highlights: list[str] = field(default_factory=list)  # lines of the list
    related: list[str] = field(default_factory=list)  # paragraphs
    #: the letterhead as printed, block by block: (line, lines)
    letterhead_blocks: list[tuple[int, list[str]]] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    def note(self, line: int, message: str) -> None:
        self.notes.append(Note(line, message))


def strip_markup(text: str) -> str:
    """Text without Markdown emphasis marks (``**``, ``*``, ``~~``)."""
    return _MARKUP.sub("", text).strip()


def _blocks(lines: list[Line]) -> list[tuple[int, list[str]]]:
    """Groups of non-blank lines, each with the number of its first line."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    for number, line in lines:
        if line.strip():
            if not current:
                blocks.append((number, current))
            current.append(line)
        elif current:
            current = []
    return blocks


def _join_continued(lines: list[str]) -> list[str]:
    """Lines of a printed block, those broken in the middle of a name joined.

    ``Cabinet de la ministre des`` + ``Relations internationales…`` is one
    line; so is a line followed by one that starts in lowercase.
    """
    out: list[str] = []
    for raw in lines:
        line = " ".join(strip_markup(raw).split())
        if not line:
            continue
        if out and (_CONTINUES.search(out[-1]) or line[:1].islower()):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _section_of(heading: str) -> str | None:
    key = strip_markup(heading).rstrip(":").strip().casefold()
    return SECTIONS.get(" ".join(key.split()))


def parse(text: str, linker: Linker) -> ReleaseText:
    """Read the plain text of a release (see the module's docstring)."""
    release = ReleaseText()
    raw = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    lines: list[Line] = list(enumerate(raw, start=1))
    heads = [(i, m) for i, (_n, line) in enumerate(lines) if (m := _HEADING.match(line)) is not None]
    title_at = next((i for i, m in heads if m["level"] == "##"), None)
    if title_at is None:
        msg = "no title: the title of the release must be a `## ` heading"
        raise ReleaseTextError(msg, 1)
    # -- before the title: kind, letterhead, distribution mark
    kind_at = next((i for i, m in heads if m["level"] == "#" and i < title_at), None)
    if kind_at is not None:
        kind = strip_markup(lines[kind_at][1].lstrip("#")).casefold()
        if kind in RELEASE_TYPES:
            release.type = RELEASE_TYPES[kind]
        else:
            release.note(lines[kind_at][0], f"unknown kind of release `{kind}`: `type` set to press-release")
    head_lines = lines[(kind_at + 1 if kind_at is not None else 0) : title_at]
    _read_letterhead(head_lines, release)
    # -- title, subtitle, dateline
    release.title = strip_markup(lines[title_at][1].lstrip("#"))
    if not release.title:
        raise ReleaseTextError("the title (`## ` heading) is empty", lines[title_at][0])
    position = title_at + 1
    while position < len(lines) and not lines[position][1].strip():
        position += 1
    match = _HEADING.match(lines[position][1]) if position < len(lines) else None
    if match and match["level"] == "###" and _section_of(match["text"]) is None:
        release.subtitle = strip_markup(match["text"]) or None
        position += 1
    sections = _split_sections(lines[position:])
    body = sections.pop("body", [])
    _read_body(body, release, lines[title_at][0])
    for name, block_lines in sections.items():
        if name == "citations":
            _read_quotes(block_lines, release)
        elif name == "highlights":
            release.highlights = [line.rstrip() for _n, line in block_lines if line.strip()]
        elif name == "related-links":
            release.related = ["\n".join(b).strip() for _n, b in _blocks(block_lines)]
        elif name.startswith("contacts:"):
            _read_contacts(name.removeprefix("contacts:"), block_lines, release, linker)
        elif name == "end":
            release.end_mark = "- 30 -"
    return release


def _read_letterhead(head_lines: list[Line], release: ReleaseText) -> None:
    """Letterhead blocks (lines joined where a name was broken) and the distribution mark.

    Which organisations they name, and so the issuers, is for
    :meth:`communiques.tools.drafting.Drafting.resolve` to say.
    """
    for number, block in _blocks(head_lines):
        kept = []
        for line in _join_continued(block):
            if DISTRIBUTION.match(line):
                release.distribution = "immediate"
            else:
                kept.append(line)
        if kept:
            release.letterhead_blocks.append((number, kept))


def _split_sections(lines: list[Line]) -> dict[str, list[Line]]:
    """The lines of each part after the title: body, sections, end mark, contacts."""
    sections: dict[str, list[Line]] = {"body": []}
    current = "body"
    contacts = 0
    for number, line in lines:
        stripped = strip_markup(line.strip())
        if END_MARK.match(stripped):
            sections["end"] = []
            current = "end"
            continue
        match = _HEADING.match(line.strip())
        section = _section_of(match["text"]) if match else None
        if section in ("source", "information"):
            contacts += 1
            current = f"contacts:{section}:{contacts}"
            sections[current] = []
        elif section is not None:
            current = section
            sections.setdefault(current, [])
        else:
            sections[current].append((number, line))
    return sections


def _read_body(lines: list[Line], release: ReleaseText, title_line: int) -> None:
    blocks = _blocks(lines)
    paragraphs = ["\n".join(b).strip() for _n, b in blocks]
    if not paragraphs:
        msg = "no body: the text after the title is empty"
        raise ReleaseTextError(msg, title_line)
    match = _DATELINE.match(paragraphs[0])
    if match is None:
        msg = "no dateline: the body must open with `**Place, le 25 juin 2020.** – `"
        raise ReleaseTextError(msg, blocks[0][0])
    try:
        found = dateline.parse(match["dateline"])
    except dateline.DatelineError as exc:
        raise ReleaseTextError(f"dateline: {exc}", blocks[0][0]) from exc
    release.place, release.issued, release.language = found.place, found.date, found.language
    first = match["rest"].strip()
    release.body = ([first] if first else []) + paragraphs[1:]


def _read_quotes(lines: list[Line], release: ReleaseText) -> None:
    pending: list[str] = []
    pending_at = 0
    for number, block in _blocks(lines):
        paragraph = "\n".join(block).strip()
        attribution = _ATTRIBUTION.match(paragraph)
        if attribution and pending:
            name, _comma, post = attribution["text"].partition(",")
            release.quotes.append(
                {
                    "text": pending,
                    "name": " ".join(name.split()),
                    "post": " ".join(post.split()),
                    "line": number,
                }
            )
            pending = []
        else:
            pending_at = pending_at if pending else number
            pending.append(paragraph)
    if pending:
        release.note(pending_at, "a quote has no attribution (`*Name, post*` below it): kept in the body")
        release.body += pending


def _read_contacts(name: str, lines: list[Line], release: ReleaseText, linker: Linker) -> None:
    role = name.split(":")[0]
    entries: list[tuple[int, dict[str, str]]] = []
    for number, block in _blocks(lines):
        entry = _contact(block, linker)
        if entries and set(entry) <= {"email", "phone"}:
            entries[-1][1].update({k: v for k, v in entry.items() if k not in entries[-1][1]})
        elif entry:
            entries.append((number, entry))
    entries = [(n, e) for n, e in entries if e.get("name") or e.get("organisation")]
    if entries:
        group = len(release.contacts)
        for index, (number, _entry) in enumerate(entries):
            release.contact_lines[(group, index)] = number
        release.contacts.append({"role": role, "entries": [e for _n, e in entries]})


def _looks_like_a_name(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() and not any(c.isdigit() for c in w) for w in words)


def _split_extension(phone: str) -> tuple[str, str | None]:
    """``418 649-2400, poste 56319`` → the number and its extension."""
    found = _EXTENSION.search(phone)
    if found is None:
        return phone, None
    return phone[: found.start()].rstrip(" ,"), found["digits"]


def _contact(block: list[str], linker: Linker) -> dict[str, str]:
    entry: dict[str, str] = {}
    texts: list[str] = []
    for line in _join_continued(block):
        email = _EMAIL_LINK.match(line)
        if email or _EMAIL.match(line):
            entry["email"] = email["address"] if email else line
            continue
        phone = _PHONE_LABEL.sub("", line) if _PHONE_LABEL.match(line) else line
        if _PHONE.match(phone) or phone != line:
            number, extension = _split_extension(phone)
            entry.setdefault("phone", number)
            if extension:
                entry.setdefault("extension", extension)
            continue
        texts.append(line)
    if texts:
        person = linker.entity_named(texts[0], "person")
        if person is not None or _looks_like_a_name(texts[0]):
            entry["name"] = texts.pop(0)
            if person is not None:
                entry["person"] = person.id
            if texts:
                entry["post"] = texts.pop(0)
        if texts:
            entry["organisation"] = texts.pop()
        if texts:
            entry["unit"] = ", ".join(texts)
    order = ("name", "person", "post", "unit", "organisation", "phone", "extension", "email")
    return {key: entry[key] for key in order if key in entry}
