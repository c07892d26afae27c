"""Turn the plain text of a release into a record of the archive.

The plain text is the shape releases are captured in (see the seed,
``source/originals/2020-06-25-…txt``): a ``#`` heading naming the kind of
release, the letterhead, the distribution mark, the title (``##``) and
subtitle (``###``), the bold dateline ``**Québec, le 25 juin 2020.** –``
opening the body, then sections headed Citations (quotes, each followed by
its italic attribution), Faits saillants (a list), Liens connexes, the end
mark ``- 30 -`` and the contacts (Source, Sources, Informations). English
headings (Quotes, Quick facts, Associated links, Contacts) read too.

The record keeps every word of the original: metadata goes to the front
matter (validated against the schema before it is written), sections go to
the archive's directives, and mentions of recorded entities become roles
(:mod:`communiques.tools.linker`). What could not be recognised is reported, never
guessed silently.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml

from communiques.core import schema
from communiques.tools import dateline
from communiques.tools.linker import Linked, Linker, count_unknown, normal

if TYPE_CHECKING:
    from communiques.tools.authority import Authority

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
_SLUG_STOP = frozenset(
    "le la les l d de du des et en à au aux un une sur pour par the a an of and in on for to".split()
)


class ReleaseTextError(ValueError):
    """The text is not in the shape of a release: says what is missing."""


@dataclass
class Draft:
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
    body: list[str] = field(default_factory=list)  # paragraphs
    quotes: list[dict[str, Any]] = field(default_factory=list)  # text (paragraphs), name, post
    highlights: list[str] = field(default_factory=list)  # lines of the list
    related: list[str] = field(default_factory=list)  # paragraphs
    #: what the archivist should look at: not recognised, or not recorded
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Imported:
    id: str
    text: str  # the record, front matter and body
    notes: tuple[str, ...]
    suggestions: tuple[tuple[str, int], ...]  # unknown names and how often they occur
    links: int


def strip_markup(text: str) -> str:
    """Text without Markdown emphasis marks (``**``, ``*``, ``~~``)."""
    return _MARKUP.sub("", text).strip()


def slugify(title: str, max_length: int = 70) -> str:
    """``Le Québec et la France, partenaires…`` → ``quebec-france-partenaires…``."""
    ascii_ = unicodedata.normalize("NFKD", title.replace("’", "'")).encode("ascii", "ignore").decode()
    words = [w for w in re.split(r"[^a-z0-9]+", ascii_.lower()) if w and w not in _SLUG_STOP]
    slug = ""
    for word in words:
        if slug and len(slug) + 1 + len(word) > max_length:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "communique"


def _blocks(lines: list[str]) -> list[list[str]]:
    """Groups of non-blank lines."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


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


def parse(text: str, linker: Linker) -> Draft:
    """Read the plain text of a release (see the module's docstring)."""
    draft = Draft()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    heads = [(i, m) for i, line in enumerate(lines) if (m := _HEADING.match(line)) is not None]
    title_at = next((i for i, m in heads if m["level"] == "##"), None)
    if title_at is None:
        msg = "no title: the title of the release must be a `## ` heading"
        raise ReleaseTextError(msg)
    # -- before the title: kind, letterhead, distribution mark
    kind_at = next((i for i, m in heads if m["level"] == "#" and i < title_at), None)
    if kind_at is not None:
        kind = strip_markup(lines[kind_at].lstrip("#")).casefold()
        if kind in RELEASE_TYPES:
            draft.type = RELEASE_TYPES[kind]
        else:
            draft.notes.append(f"unknown kind of release `{kind}`: `type` set to press-release")
    head_lines = lines[(kind_at + 1 if kind_at is not None else 0) : title_at]
    _read_letterhead(head_lines, draft, linker)
    # -- title, subtitle, dateline
    draft.title = strip_markup(lines[title_at].lstrip("#"))
    position = title_at + 1
    while position < len(lines) and not lines[position].strip():
        position += 1
    match = _HEADING.match(lines[position]) if position < len(lines) else None
    if match and match["level"] == "###" and _section_of(match["text"]) is None:
        draft.subtitle = strip_markup(match["text"])
        position += 1
    sections = _split_sections(lines[position:])
    body = sections.pop("body", [])
    _read_body(body, draft)
    for name, block_lines in sections.items():
        if name == "citations":
            _read_quotes(block_lines, draft)
        elif name == "highlights":
            draft.highlights = [line.rstrip() for line in block_lines if line.strip()]
        elif name == "related-links":
            draft.related = ["\n".join(b).strip() for b in _blocks(block_lines)]
        elif name.startswith("contacts:"):
            _read_contacts(name.removeprefix("contacts:"), block_lines, draft, linker)
        elif name == "end":
            draft.end_mark = "- 30 -"
    return draft


def _read_letterhead(head_lines: list[str], draft: Draft, linker: Linker) -> None:
    """Letterhead blocks and distribution mark; issuers from the organisations named."""
    blocks: list[dict[str, Any]] = []
    for block in _blocks(head_lines):
        printed = _join_continued(block)
        kept = []
        for line in printed:
            if DISTRIBUTION.match(line):
                draft.distribution = "immediate"
            else:
                kept.append(line)
        if not kept:
            continue
        named = [e.id for line in kept if (e := linker.entity_named(line, "org")) is not None]
        if named or not blocks:
            blocks.append({"issuer": named[-1] if named else None, "lines": kept, "named": named})
        else:
            # a block naming no organisation (a motto) belongs to the one above
            blocks[-1]["lines"] += kept
    for found in blocks:
        for ident in found.pop("named"):
            if ident not in draft.issuers:
                draft.issuers.append(ident)
        if found["issuer"] is None:
            draft.notes.append(
                "letterhead `" + " / ".join(found["lines"]) + "` names no recorded organisation: add "
                "the issuer to `issuers` and to the letterhead block (or record it in source/organisations/)"
            )
            continue
        draft.letterhead.append(found)
    if not draft.issuers:
        draft.notes.append("no issuer found in the letterhead: fill `issuers`")


def _split_sections(lines: list[str]) -> dict[str, list[str]]:
    """The lines of each part after the title: body, sections, end mark, contacts."""
    sections: dict[str, list[str]] = {"body": []}
    current = "body"
    contacts = 0
    for line in lines:
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
            sections[current].append(line)
    return sections


def _read_body(lines: list[str], draft: Draft) -> None:
    paragraphs = ["\n".join(b).strip() for b in _blocks(lines)]
    if not paragraphs:
        msg = "no body: the text after the title is empty"
        raise ReleaseTextError(msg)
    match = _DATELINE.match(paragraphs[0])
    if match is None:
        msg = "no dateline: the body must open with `**Place, le 25 juin 2020.** – `"
        raise ReleaseTextError(msg)
    try:
        found = dateline.parse(match["dateline"])
    except dateline.DatelineError as exc:
        raise ReleaseTextError(f"dateline: {exc}") from exc
    draft.place, draft.issued, draft.language = found.place, found.date, found.language
    first = match["rest"].strip()
    draft.body = ([first] if first else []) + paragraphs[1:]


def _read_quotes(lines: list[str], draft: Draft) -> None:
    pending: list[str] = []
    for block in _blocks(lines):
        paragraph = "\n".join(block).strip()
        attribution = _ATTRIBUTION.match(paragraph)
        if attribution and pending:
            name, _comma, post = attribution["text"].partition(",")
            draft.quotes.append({"text": pending, "name": " ".join(name.split()), "post": post.strip()})
            pending = []
        else:
            pending.append(paragraph)
    if pending:
        draft.notes.append("a quote has no attribution (`*Name, post*` below it): kept in the body")
        draft.body += pending


def _read_contacts(name: str, lines: list[str], draft: Draft, linker: Linker) -> None:
    role = name.split(":")[0]
    entries: list[dict[str, str]] = []
    for block in _blocks(lines):
        entry = _contact(block, linker)
        if entries and set(entry) <= {"email", "phone"}:
            entries[-1].update({k: v for k, v in entry.items() if k not in entries[-1]})
        elif entry:
            entries.append(entry)
    entries = [e for e in entries if e.get("name") or e.get("organisation")]
    if entries:
        draft.contacts.append({"role": role, "entries": entries})


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


# -- writing the record -----------------------------------------------------------------


def render(draft: Draft, linker: Linker, record_id: str, source: dict[str, str] | None = None) -> Imported:
    """The record's text: front matter, then the body with mentions linked."""
    results: list[Linked] = []

    def linked(paragraph: str) -> str:
        result = linker.link(paragraph)
        results.append(result)
        return result.text

    front: dict[str, Any] = {
        "id": record_id,
        "type": draft.type,
        "title": draft.title,
    }
    if draft.subtitle:
        front["subtitle"] = draft.subtitle
    front |= {"issued": draft.issued, "place": draft.place, "language": draft.language}
    front["issuers"] = draft.issuers
    if draft.letterhead:
        front["letterhead"] = draft.letterhead
    if draft.distribution:
        front["distribution"] = draft.distribution
    front["status"] = "published"
    if source:
        front["source"] = source
    if draft.end_mark:
        front["end_mark"] = draft.end_mark
    if draft.contacts:
        front["contacts"] = draft.contacts
    parts = [dump_front_matter(front)]
    parts += [linked(p) for p in draft.body]
    notes = list(draft.notes)
    if draft.quotes:
        parts.append("::::{citations}")
        for quote in draft.quotes:
            person = linker.entity_named(quote["name"], "person")
            options = []
            if person is None:
                ident = slugify(quote["name"])
                notes.append(
                    f"the quote of {quote['name']} names no recorded person: add source/people/{ident}.md"
                )
            else:
                ident = person.id
            options.append(f":person: {ident}")
            if person is not None and normal(quote["name"]) not in {normal(n) for n in person.names}:
                options.append(f":name: {quote['name']}")
            if quote["post"]:
                options.append(f":post: {quote['post']}")
            text = "\n\n".join(linked(p) for p in quote["text"])
            parts.append(":::{quote}\n" + "\n".join(options) + "\n\n" + text + "\n:::")
        parts.append("::::")
    if draft.highlights:
        items = [linked(line) for line in draft.highlights]
        parts.append("::::{highlights}\n\n" + "\n".join(items) + "\n\n::::")
    if draft.related:
        parts.append("::::{related-links}\n\n" + "\n\n".join(linked(p) for p in draft.related) + "\n\n::::")
    text = "\n\n".join(parts) + "\n"
    known_places = {normal(draft.place)}
    suggestions = tuple(
        (name, count)
        for name, count in sorted(count_unknown(results).items(), key=lambda item: (-item[1], item[0]))
        if normal(name) not in known_places
    )
    return Imported(record_id, text, tuple(notes), suggestions, sum(len(r.links) for r in results))


class _Dumper(yaml.SafeDumper):
    """Block style, lists indented under their key, as the archive's records are written."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def dump_front_matter(front: dict[str, Any]) -> str:
    dumped = yaml.dump(front, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{dumped}---"


def import_text(
    text: str,
    authority: Authority,
    *,
    slug: str | None = None,
    original: str | None = None,
    digest: str | None = None,
) -> Imported:
    """The record made from the plain text of a release.

    *original*: path of the copy of the original under ``source/``, where
    ``{id}`` stands for the record's id (``originals/{id}.txt``), recorded in
    ``source`` with *digest*, the SHA-256 of the original's bytes (by default
    of the text in UTF-8).
    """
    linker = Linker(authority)
    draft = parse(text, linker)
    if draft.issued is None:
        msg = "no date found in the dateline"
        raise ReleaseTextError(msg)
    record_id = f"{draft.issued.isoformat()}-{slug or slugify(draft.title)}"
    source = None
    if original is not None:
        source = {
            "file": original.format(id=record_id),
            "sha256": digest or hashlib.sha256(text.encode("utf-8")).hexdigest(),
        }
    imported = render(draft, linker, record_id, source)
    _validate(imported.text)
    return imported


def _validate(text: str) -> None:
    """Refuse to write a record whose front matter the schema rejects (an importer bug)."""
    from communiques.core import frontmatter

    matter = frontmatter.read(text)
    _record, errors = schema.validate(schema.Release, matter.data)
    # issuers may be empty: the archivist is told to fill them; other errors are ours
    errors = [e for e in errors if e[0] != ("issuers",)]
    if matter.errors or errors:
        problems = "; ".join([e.message for e in matter.errors] + [message for _loc, message in errors])
        msg = f"the record made from this text is not valid: {problems}"
        raise ReleaseTextError(msg)
