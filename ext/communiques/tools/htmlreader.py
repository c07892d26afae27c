"""Read a release saved from the web as HTML: its structure, as the plain text's shape.

The page is parsed by lxml's HTML parser (the browser's rules for broken
markup), and its elements, not its characters, say what each part is:

- the part of the page that holds the release: ``<article>``, else
  ``<main>`` (or ``role="main"``), else ``<body>``; navigation, scripts,
  forms and the like are left out;
- the letterhead: what comes before the ``<h1>`` in that part (its lines
  split at ``<br>`` and blocks), or else the page's ``author`` (or
  ``og:site_name``);
- the title: the ``<h1>``; the subtitle: an ``<h2>`` right after it that
  heads no section, or a ``<p class="subtitle">``;
- the body: paragraphs, lists, and headings that open the sections
  (Citations, Faits saillants, Liens connexes, Source, Informations, or their
  English names); the dateline is the bold text (``<strong>``/``<b>``) that
  opens the first paragraph;
- quotes: ``<blockquote>`` with their attribution in ``<footer>`` or
  ``<cite>``, or a paragraph in italics after the quote, as in the text;
- links (``http``, ``https`` and ``mailto`` only), emphasis, line breaks.

:func:`to_text` writes this as the plain text of the seed's shape, with the
page's line for each line written, so that :mod:`communiques.tools.textreader`
reads both alike and a problem names the page's line. Text from the page is
escaped: nothing in it becomes markup of the record (a role, raw HTML, a
heading).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import lxml.html
from lxml import etree

if TYPE_CHECKING:
    from lxml.html import HtmlElement

#: elements whose content is never part of the release
SKIPPED = frozenset(
    "script style noscript template nav form iframe object embed svg button select textarea input aside "
    "dialog menu".split()
)
_BLOCKS = frozenset(
    "p div section article header footer main li ul ol blockquote h1 h2 h3 h4 h5 h6 hr".split()
)
_MARKDOWN = re.compile(r"([\\`*{}\[\]<>|])")
_SAFE_LINK = re.compile(r"^(?:https?://|mailto:)[^\s<>()]+$", re.IGNORECASE)
#: how deep a page may nest its elements before the rest is read as plain text
MAX_DEPTH = 100


class PageError(ValueError):
    """The page holds no release: says what is missing."""


@dataclass
class Page:
    """The page as the plain text of a release, with the page's line for each line of it."""

    text: str
    lines: list[int]
    url: str | None = None

    def line_of(self, text_line: int) -> int:
        """The page's line for line *text_line* (from 1) of :attr:`text`."""
        if not self.lines:
            return 1
        return self.lines[min(max(text_line, 1), len(self.lines)) - 1]


@dataclass
class _Writer:
    out: list[tuple[str, int]] = field(default_factory=list)

    def block(self, text: str, line: int) -> None:
        text = text.strip()
        if not text:
            return
        if self.out and self.out[-1][0] != "":
            self.out.append(("", line))
        for part in text.split("\n"):
            self.out.append((part.rstrip(), line))


def _escape(text: str) -> str:
    return _MARKDOWN.sub(r"\\\1", text)


def _inline(element: HtmlElement, depth: int = 0) -> str:
    """The text of *element* with its emphasis, links and line breaks, as the plain text writes them."""
    parts: list[str] = [_escape(element.text or "")]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in SKIPPED or not tag:
            pass
        elif tag == "br":
            parts.append("\n")
        elif depth >= MAX_DEPTH:
            parts.append(_escape(child.text_content()))
        else:
            inner = _inline(child, depth + 1)
            if tag in ("strong", "b") and inner.strip():
                parts.append(f"**{inner.strip()}** " if inner.endswith(" ") else f"**{inner.strip()}**")
            elif tag in ("em", "i", "cite") and inner.strip():
                parts.append(f"*{inner.strip()}*")
            elif tag == "a" and inner.strip() and _SAFE_LINK.match(child.get("href", "").strip()):
                parts.append(f"[{inner.strip()}]({child.get('href', '').strip()})")
            else:
                parts.append(inner)
        parts.append(_escape(child.tail or ""))
    text = "".join(parts).replace("\xa0", " ")
    return "\n".join(" ".join(line.split()) for line in text.split("\n"))


def _line(element: HtmlElement) -> int:
    return element.sourceline or 1


def _walk(element: HtmlElement, writer: _Writer, depth: int = 0, indent: str = "") -> None:
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if not tag or tag in SKIPPED:
            continue
        line = _line(child)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            writer.block(f"{'#' * max(2, int(tag[1]))} {_inline(child).replace(chr(10), ' ')}", line)
        elif tag in ("ul", "ol"):
            writer.block("\n".join(_items(child, indent, depth)), line)
        elif tag == "blockquote":
            attribution = [c for c in child if isinstance(c.tag, str) and c.tag in ("footer", "cite")]
            for part in attribution:
                child.remove(part)
            _walk(child, writer, depth + 1) if depth < MAX_DEPTH else writer.block(_inline(child), line)
            for part in attribution:
                writer.block(f"*{_inline(part).strip(' —–-')}*", _line(part))
        elif tag == "hr":
            continue
        elif depth < MAX_DEPTH and any(isinstance(c.tag, str) and c.tag in _BLOCKS for c in child):
            if (child.text or "").strip():
                writer.block(_escape(child.text or ""), line)
            _walk(child, writer, depth + 1)
        else:
            writer.block(_heading_safe(_inline(child)), line)
        if (child.tail or "").strip():
            writer.block(_escape(child.tail or ""), line)


def _heading_safe(text: str) -> str:
    """A paragraph never becomes a heading of the plain text (``#`` at the start of a line)."""
    return "\n".join(f"\\{line}" if line.lstrip().startswith("#") else line for line in text.split("\n"))


def _items(element: HtmlElement, indent: str, depth: int) -> list[str]:
    lines: list[str] = []
    for item in element:
        if not isinstance(item.tag, str) or item.tag != "li":
            continue
        nested = [c for c in item if isinstance(c.tag, str) and c.tag in ("ul", "ol")]
        for sub in nested:
            item.remove(sub)
        lines.append(f"{indent}- {_inline(item).replace(chr(10), ' ')}")
        for sub in nested:
            if depth < MAX_DEPTH:
                lines += _items(sub, indent + "  ", depth + 1)
    return lines


def _meta(document: HtmlElement, *names: str) -> str | None:
    for name in names:
        for attribute in ("name", "property"):
            for meta in document.iter("meta"):
                if meta.get(attribute, "").casefold() == name and meta.get("content", "").strip():
                    return " ".join(meta.get("content", "").split())
    return None


def read(data: bytes) -> HtmlElement:
    """The page parsed, UTF-8 unless it declares otherwise."""
    parser = lxml.html.HTMLParser(encoding="utf-8") if _is_utf8(data) else lxml.html.HTMLParser()
    try:
        document = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        msg = f"the page cannot be read as HTML ({exc})"
        raise PageError(msg) from exc
    return document


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def to_text(data: bytes) -> Page:
    """The release on the page, as plain text in the seed's shape."""
    document = read(data)
    for element in list(document.iter(*SKIPPED)):
        if element.getparent() is not None:
            element.drop_tree()
    root = next(
        (
            found[0]
            for path in ("//article", "//main", "//*[@role='main']", "//body")
            if (found := document.xpath(path))
        ),
        document,
    )
    titles = root.xpath(".//h1") or document.xpath("//h1")
    if not titles:
        raise PageError("no title: the page has no <h1> heading")
    title = titles[0]
    writer = _Writer()
    writer.block("# Communiqué", 1)
    before = _before(root, title)
    if before:
        for element in before:
            writer.block(_heading_safe(_inline(element)), _line(element))
    else:
        author = _meta(document, "author", "og:site_name", "dc.publisher")
        if author:
            writer.block(_escape(author), 1)
    writer.block(f"## {_inline(title).replace(chr(10), ' ')}", _line(title))
    after = title.getnext()
    subtitle_classes = {"subtitle", "sous-titre", "chapeau"}
    if after is not None and (after.tag == "h2" or subtitle_classes & set(after.get("class", "").split())):
        writer.block(f"### {_inline(after).replace(chr(10), ' ')}", _line(after))
        after.drop_tree()
    for element in [*before, title]:
        element.drop_tree()
    _walk(root, writer)
    url = _canonical(document)
    return Page("\n".join(text for text, _ in writer.out) + "\n", [line for _, line in writer.out], url)


def _before(root: HtmlElement, title: HtmlElement) -> list[HtmlElement]:
    """The blocks of *root* that come before *title* and hold text (the letterhead), outermost first."""
    found: list[HtmlElement] = []
    for element in root.iter():
        if element is title:
            return found
        if not isinstance(element.tag, str) or element.tag in SKIPPED or element.tag in ("br", "hr"):
            continue
        if any(isinstance(c.tag, str) and c.tag in _BLOCKS for c in element):
            continue  # its blocks are looked at one by one
        if not any(a in found for a in element.iterancestors()) and element.text_content().strip():
            found.append(element)
    return []


def _canonical(document: HtmlElement) -> str | None:
    for link in document.iter("link"):
        if "canonical" in link.get("rel", "").casefold().split():
            href = link.get("href", "").strip()
            if href.startswith(("https://", "http://")) and len(href) < 2000:
                return href
    found = _meta(document, "og:url")
    return found if found and found.startswith(("https://", "http://")) and len(found) < 2000 else None
