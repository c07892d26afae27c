"""French typography on the page: no-break spaces where French punctuation needs them.

In French a space goes before ``: ; ! ?`` and inside ``« »``, and it must
never break: a line that starts with a colon or a lone ``»`` is a fault of
layout. Records are typed with ordinary spaces (they are copied from the
releases as printed), so the spaces are made unbreakable here, on the text
nodes of the resolved doctree, for the HTML pages and the PDFs made from
them alike, with the rules of :mod:`communiques.core.typography` (where the
labels the archive generates get theirs).

Only spaces already there are changed: an archive keeps what was printed,
so a missing space (``Québec;`` in the seed) is not added. Code, literal
blocks and raw output keep their text. Replacing one character by one
keeps every offset, which lets a space and its punctuation sit in two
adjacent text nodes (``« {org}`CEIMIA` »``) and still be joined.

It runs on ``doctree-resolved`` after the listings are filled, so that their
text gets the same treatment, and only for HTML: the gettext builder must see
the text as written, or every message id would change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from communiques.archive.nodes import release_rows
from communiques.core.languages import build_language
from communiques.core.typography import NBSP, NNBSP, french_spacing

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx

__all__ = ["NBSP", "NNBSP", "apply_french_spacing", "french_spacing", "setup_typography"]

#: elements whose text is kept exactly as written
VERBATIM = (nodes.FixedTextElement, nodes.literal, nodes.raw, nodes.math, nodes.comment)


def text_runs(node: nodes.Element, listings: list[release_rows] | None = None) -> Iterator[list[nodes.Text]]:
    """The text nodes of each block of *node*, in reading order, verbatim text left out.

    A run is the text of one paragraph-like element (its inline children
    included); a space and its punctuation are joined only within a run.
    Filled listings met on the way, whose text is in their rows, are added
    to *listings*.
    """
    run: list[nodes.Text] = []
    for child in node.children:
        if isinstance(child, VERBATIM) or (isinstance(child, nodes.Element) and other_language(child)):
            continue
        if isinstance(child, release_rows):
            if listings is not None:
                listings.append(child)
            continue
        if isinstance(child, nodes.Text):
            run.append(child)
        elif isinstance(child, nodes.Element):
            # (a subclass test: mypy holds that no class is both Inline and Element)
            if issubclass(type(child), nodes.Inline):
                run.extend(inline_text(child))
                continue
            if run:
                yield run
                run = []
            yield from text_runs(child, listings)
    if run:
        yield run


def inline_text(node: nodes.Element) -> Iterator[nodes.Text]:
    for child in node.children:
        if isinstance(child, VERBATIM) or (isinstance(child, nodes.Element) and other_language(child)):
            continue
        if isinstance(child, nodes.Text):
            yield child
        elif isinstance(child, nodes.Element):
            yield from inline_text(child)


def french_spacing_of(parts: list[str]) -> list[str]:
    """:func:`french_spacing` of the text *parts* make together, cut back into the same parts.

    A space and its punctuation may sit in two parts; each character is
    replaced by one, so every part keeps its length.
    """
    joined = "".join(parts)
    spaced = french_spacing(joined)
    if spaced == joined:
        return parts
    cut, offset = [], 0
    for part in parts:
        cut.append(spaced[offset : offset + len(part)])
        offset += len(part)
    return cut


def apply_french_spacing(root: nodes.Element) -> None:
    """Make the spaces of every run of text under *root* unbreakable where needed.

    The rows of a filled listing (:class:`release_rows`) are runs too.
    """
    listings: list[release_rows] = []
    for run in text_runs(root, listings):
        texts = [str(text) for text in run]
        spaced = french_spacing_of(texts)
        if spaced is texts:
            continue
        for text, before, replacement in zip(run, texts, spaced, strict=True):
            if replacement != before:
                replace_text(text, replacement)
    for listing in listings:
        listing["rows"] = [row.with_parts(french_spacing_of(row.parts())) for row in listing["rows"]]


def replace_text(text: nodes.Text, replacement: str) -> None:
    # By identity: Text nodes are strings, and equal siblings compare equal.
    parent = text.parent
    assert parent is not None
    index = next(i for i, child in enumerate(parent.children) if child is text)
    parent[index] = nodes.Text(replacement)


def other_language(node: nodes.Element) -> bool:
    """Whether *node* is marked as text in another language than French (left untranslated)."""
    classes: list[str] = node.get("classes", [])
    return any(c.startswith("language-") and c != "language-fr" for c in classes)


def french_typography(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: French spacing on the pages of a French HTML build.

    Text left in another language (an English original not yet translated,
    marked ``language-en`` by :mod:`communiques.translation.coverage`) keeps
    its own spacing.
    """
    if app.builder.format != "html" or build_language(app.config) != "fr":
        return
    apply_french_spacing(doctree)


def setup_typography(app: Sphinx) -> None:
    # After the listings (default priority 500) have filled their placeholders.
    app.connect("doctree-resolved", french_typography, priority=900)
