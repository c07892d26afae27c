"""Reading real PDFs in the tests: poppler's command-line tools, pypdf and pikepdf.

- :func:`tagged_text` reads a PDF as a screen reader or a tag-aware
  extractor does: the text of its content in drawing order, page furniture
  (artifacts) left out. It is how the tests prove that the running header and
  footer never land in the middle of a sentence.
- :func:`pdftotext` is what a reader's plain tool gives, line by line: the
  tests check with it that nothing is hyphenated or broken across lines.
- :func:`structure` and :func:`marked_content` read the tag tree and the
  content streams with pikepdf.
"""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pikepdf
from pypdf import PdfReader

if TYPE_CHECKING:
    from pathlib import Path

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")

XMP = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}


def pdftotext(path: Path, *options: str) -> str:
    """The text of *path* as poppler's ``pdftotext`` gives it, pages separated by form feeds."""
    return subprocess.run(
        ["pdftotext", *options, "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def pages(path: Path, *options: str) -> list[list[str]]:
    """The non-empty lines of each page of *path*, as ``pdftotext`` lays them out."""
    text = pdftotext(path, *options).rstrip("\f")
    return [[line for line in page.split("\n") if line.strip()] for page in text.split("\f")]


def tagged_text(path: Path) -> str:
    """The text of *path*'s content, artifacts (page furniture) left out, as pypdf draws it."""
    out: list[str] = []
    for page in PdfReader(path).pages:
        # One flag per open marked-content sequence: whether it is an artifact.
        stack: list[bool] = []

        def before(operator: bytes, operands: list[Any], cm: Any, tm: Any, stack: list[bool] = stack) -> None:
            if operator in (b"BDC", b"BMC"):
                stack.append(bool(operands) and str(operands[0]) == "/Artifact")
            elif operator == b"EMC" and stack:
                stack.pop()

        def text(shown: str, cm: Any, tm: Any, font: Any, size: Any, stack: list[bool] = stack) -> None:
            if not any(stack):
                out.append(shown)

        page.extract_text(visitor_operand_before=before, visitor_text=text)
        out.append("\n")
    return "".join(out)


def comparable(text: str) -> str:
    """*text* as one line: every run of spaces (no-break ones too) one space, apostrophes typographic."""
    return _SPACES.sub(" ", text.replace("'", "’")).strip()


def fonts(path: Path) -> list[dict[str, str]]:
    """``pdffonts`` of *path*: one mapping per font (name, type, encoding, emb, sub, uni).

    Read from the right: a long font name pushes the columns out of place.
    """
    lines = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    found = []
    for row in lines.splitlines()[2:]:
        name, *middle, emb, sub, uni, _object, _generation = row.split()
        found.append(
            {
                "name": name,
                "type": " ".join(middle[:-1]),
                "encoding": middle[-1],
                "emb": emb,
                "sub": sub,
                "uni": uni,
            }
        )
    return found


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


# -- structure, with pikepdf ---------------------------------------------------------------


@dataclass
class Element:
    """One structure element: its tag, its children elements, and whether it holds content."""

    tag: str
    children: list[Element] = field(default_factory=list)
    #: marked content and annotations (``/MCR``, ``/OBJR`` or a bare MCID) directly under it
    content: list[str] = field(default_factory=list)
    lang: str | None = None

    def walk(self) -> list[Element]:
        return [self, *(found for child in self.children for found in child.walk())]

    def tags(self) -> list[str]:
        return [child.tag for child in self.children]


def structure(path: Path) -> Element:
    """The structure tree of *path*, from its ``/StructTreeRoot``."""
    with pikepdf.open(path) as pdf:
        root = Element("StructTreeRoot")
        _walk(pdf.Root.StructTreeRoot.get("/K"), root)
        return root


def _walk(node: Any, parent: Element) -> None:
    if isinstance(node, pikepdf.Array):
        for item in node:
            _walk(item, parent)
    elif isinstance(node, pikepdf.Dictionary):
        kind = node.get("/Type")
        if kind in ("/MCR", "/OBJR"):
            parent.content.append(str(kind))
            return
        element = Element(str(node.get("/S")).lstrip("/"), lang=str(node.Lang) if "/Lang" in node else None)
        parent.children.append(element)
        if "/K" in node:
            _walk(node.K, element)
    elif isinstance(node, int):
        parent.content.append("MCID")


@dataclass
class Marks:
    """What the content streams mark: artifacts by kind, languages, and text shown unmarked."""

    artifacts: Counter[str]
    languages: Counter[str]
    unmarked_text: int
    pages: int


def marked_content(path: Path) -> Marks:
    artifacts: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    unmarked = 0
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            depth = 0
            for item in pikepdf.parse_content_stream(page):
                operator = str(item.operator)
                if operator in ("BDC", "BMC"):
                    depth += 1
                    if operator == "BDC" and isinstance(item.operands[1], pikepdf.Dictionary):
                        properties = item.operands[1]
                        if str(item.operands[0]) == "/Artifact":
                            artifacts[f"{properties.get('/Type')}/{properties.get('/Subtype')}"] += 1
                        if "/Lang" in properties:
                            languages[str(properties.Lang)] += 1
                elif operator == "EMC":
                    depth -= 1
                elif operator in ("Tj", "TJ", "'", '"') and depth == 0:
                    unmarked += 1
        return Marks(artifacts, languages, unmarked, len(pdf.pages))


def outline(path: Path) -> list[tuple[int, str]]:
    """The bookmarks of *path*: (depth, title), in order."""
    found: list[tuple[int, str]] = []

    def walk(items: Any, depth: int) -> None:
        for item in items:
            found.append((depth, str(item.title)))
            walk(item.children, depth + 1)

    with pikepdf.open(path) as pdf, pdf.open_outline() as tree:
        walk(tree.root, 0)
    return found
