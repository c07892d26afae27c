"""Reading real PDFs in the tests: poppler's pdftotext and pdffonts, pypdf for structure."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Any

from pypdf import PdfReader

if TYPE_CHECKING:
    from pathlib import Path

#: a line break inside a word, where the renderer hyphenated it (hyphenate-character in pdf.css)
SOFT_HYPHEN_BREAK = "\u2010\n"
BULLETS = "•◦▪ "
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_SENTENCE_END = re.compile(r"(?<=[.!?»])\s+")

XMP = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
}


def pdftotext(path: Path, *, raw: bool = True) -> str:
    """The text of *path*, pages separated by form feeds.

    ``-raw`` keeps the order in which the text is drawn, which WeasyPrint
    makes the document's order, and keeps every character: without it,
    pdftotext joins a line that ends with a hyphen to the next and drops the
    hyphen (``- 30 -`` became ``- 30 Source``).
    """
    options = ["-raw"] if raw else []
    return subprocess.run(
        ["pdftotext", *options, "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def pages(path: Path, *, raw: bool = True) -> list[list[str]]:
    """The non-empty lines of each page of *path*."""
    text = pdftotext(path, raw=raw).rstrip("\f")
    return [[line for line in page.split("\n") if line.strip()] for page in text.split("\f")]


def body_text(page_lines: list[list[str]]) -> str:
    """The pages' text without the running header and footer, nor list bullets.

    WeasyPrint draws the page's margin boxes (two lines of text) after its
    content, and list markers after their item.
    """
    return "\n".join("\n".join(line for line in lines[:-2] if line.strip(BULLETS)) for lines in page_lines)


def joined(text: str) -> str:
    """*text* as one line: hyphenation undone, line breaks and no-break spaces made spaces.

    Only layout is undone: a word the renderer hyphenated is joined again, a
    line broken after a real hyphen (``Canada-`` / ``Québec``) keeps its
    hyphen, an apostrophe goes back to its letter, and every run of spaces
    (no-break and thin ones included) is one space. The characters themselves (accents, guillemets) are kept.
    """
    text = text.replace(SOFT_HYPHEN_BREAK, "").replace("-\n", "-")
    # pdftotext -raw starts a new line where a glyph is drawn left of the one
    # before: the kerning of ``L’`` in DejaVu does that to the apostrophe.
    text = text.replace("\n’", "’")
    return _SPACES.sub(" ", text).strip()


def comparable(text: str) -> str:
    """:func:`joined`, with straight apostrophes typographic, as Sphinx's smartquotes print them."""
    return joined(text).replace("'", "’")


def sentences(text: str) -> list[str]:
    """The sentences of each line of *text*, comparable with a PDF's text."""
    found = []
    for line in text.splitlines():
        for sentence in _SENTENCE_END.split(comparable(line)):
            if sentence:
                found.append(sentence)
    return found


def fonts(path: Path) -> list[dict[str, str]]:
    """``pdffonts`` of *path*: one mapping per font (name, type, emb, sub, uni…)."""
    lines = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    rows = lines.splitlines()
    header, rule, *body = rows
    # Columns are fixed-width, delimited by the dashes of the rule line.
    spans = [(m.start(), m.end()) for m in re.finditer(r"-+", rule)]
    names = [header[start:end].strip() for start, end in spans]
    return [
        {name: row[start:end].strip() for name, (start, end) in zip(names, spans, strict=True)}
        for row in body
        if row.strip()
    ]


def xmp(reader: PdfReader) -> ET.Element:
    """The document's XMP metadata, parsed."""
    stream: Any = reader.trailer["/Root"]["/Metadata"].get_object()
    data = stream.get_data()
    start, end = data.index(b"<rdf:RDF"), data.index(b"</rdf:RDF>") + len(b"</rdf:RDF>")
    return ET.fromstring(data[start:end])


def xmp_value(root: ET.Element, attribute: str) -> str | None:
    """A property of the XMP metadata, whether written as an attribute or an element."""
    prefix, name = attribute.split(":")
    qualified = f"{{{XMP[prefix]}}}{name}"
    for description in root.iter(f"{{{XMP['rdf']}}}Description"):
        if qualified in description.attrib:
            return description.attrib[qualified]
        element = description.find(qualified)
        if element is not None and element.text:
            return element.text
    return None


def xmp_list(root: ET.Element, prop: str) -> list[str]:
    """The items of an XMP list property (``dc:creator``, ``dc:title``)."""
    prefix, name = prop.split(":")
    element = root.find(f".//{{{XMP[prefix]}}}{name}")
    if element is None:
        return []
    return [item.text or "" for item in element.iter(f"{{{XMP['rdf']}}}li")]


def link_uris(reader: PdfReader) -> list[str]:
    """The URI of every link annotation, in page order."""
    uris = []
    for page in reader.pages:
        for annotation in page.get("/Annots", []) or []:
            action = annotation.get_object().get("/A")
            if action is not None and action.get("/S") == "/URI":
                uris.append(str(action["/URI"]))
    return uris
