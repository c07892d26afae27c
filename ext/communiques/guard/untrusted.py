"""Untrusted content: records cannot inject script or markup, nor lead readers anywhere unsafe.

Records arrive by pull request from anyone, so their text is treated as
untrusted (``SECURITY.md``). What is refused, each time with an
``archive.unsafe`` warning at the file and line where it happened (kept in
the domain like any problem, so a strict build keeps failing until it is
mended):

- raw HTML, from MyST (``<script>``, ``<img onerror=…>``: MyST makes ``raw``
  nodes of it) or the ``raw`` directive: the markup is shown as literal text;
- the ``meta`` directive, which writes ``<meta>`` tags (``http-equiv``
  refresh) into the page's head;
- links with any scheme but :data:`SAFE_SCHEMES` (``http``, ``https``,
  ``mailto``, ``tel``; a relative address has none), wherever they come from
  (Markdown inline, reference-style and ``<…>`` links, reST inside
  ``{eval-rst}``, a directive's ``:target:`` or ``:link:``, a toctree entry,
  a translation): the text stays, the link goes. markdown-it itself leaves
  ``javascript:``, ``vbscript:``, ``file:`` and ``data:`` links unlinked,
  silently: their text is found and reported here too
  (:func:`report_unlinked`).

Files (includes, images, downloads) are :mod:`communiques.guard.files`'s.
Front matter is data, always rendered as text; its addresses are checked by
the schema (:mod:`communiques.core.schema`), which gives the same warning.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from communiques.archive.domain import archive_domain
from communiques.archive.entries import Problem
from communiques.core.urls import SAFE_SCHEMES, scheme_of
from communiques.core.warnings_ import ArchiveWarning
from communiques.internals import override_directive

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: the schemes markdown-it refuses to make a link of, leaving the text as it was written
UNLINKED_SCHEMES = ("javascript", "vbscript", "file", "data")
_NOT_LINKED = "|".join(UNLINKED_SCHEMES)
#: Markdown link syntax around a scheme markdown-it refused: ``[t](x:…)``, ``<x:…>``, ``[r]: x:…``
_UNLINKED = re.compile(
    rf"(?:\]\(\s*<?|<|^\s*\[[^\]\n]+\]:\s*<?)\s*(?P<scheme>{_NOT_LINKED})\s*:",
    re.IGNORECASE | re.MULTILINE,
)


def unsafe_scheme(uri: str, allow: Iterable[str] = SAFE_SCHEMES) -> str | None:
    """The scheme of *uri* if it is not one of *allow*, else None (also for no scheme)."""
    scheme = scheme_of(uri)
    return scheme if scheme is not None and scheme not in allow else None


def refuse(env: BuildEnvironment, line: int | None, message: str, docname: str | None = None) -> None:
    """Keep a refusal to report at its line, like the front matter's problems."""
    archive_domain(env).add_problem(Problem(docname or env.docname, line, ArchiveWarning.UNSAFE, message))


def line_of(node: nodes.Node) -> int | None:
    current: nodes.Node | None = node
    while current is not None:
        if current.line:
            return current.line
        current = current.parent
    return None


def unwrap(node: nodes.Node, keep: list[nodes.Node] | None = None) -> None:
    """Put *keep* (default: *node*'s children, or its text) where *node* was.

    Not ``replace_self``, which refuses to drop the classes of the node it
    replaces when it is given anything but one element (found by fuzzing: an
    image of an English record, with its language's class, made a traceback).
    """
    parent = node.parent
    if keep is None:
        keep = list(node.children) if isinstance(node, nodes.Element) and node.children else []
        keep = keep or [nodes.Text(node.astext())]
    if parent is None:
        return
    index = parent.index(node)
    parent.remove(node)
    for offset, child in enumerate(keep):
        if child.parent is not None and child.parent is not parent:
            child.parent.remove(child)
        parent.insert(index + offset, child)


def link_refusal(scheme: str) -> str:
    return (
        f"a `{scheme}:` link is not allowed in the archive (links may be `https:`, `http:`, `mailto:`, "
        "`tel:` or relative; others can run code or reach readers' files): the text is kept, the link "
        "is removed; link to an `https:` address instead"
    )


class RefuseUnsafeContent(SphinxTransform):
    """Replace raw markup by its text, drop links whose scheme is not safe.

    Runs after the i18n transform (priority 20) so that translations, which
    are parsed like the source, are held to the same rules.
    """

    default_priority = 400

    def apply(self, **kwargs: object) -> None:
        for raw in list(self.document.findall(nodes.raw)):
            self._refuse_raw(raw)
        # A reference's address, or a link MyST could not place (`[t](ssh://…)`),
        # which Sphinx resolves later.
        for ref in list(self.document.findall(nodes.reference)):
            self._check_link(ref, ref.get("refuri", ""))
        for xref in list(self.document.findall(addnodes.pending_xref)):
            if xref.get("reftype") == "myst":
                self._check_link(xref, xref.get("reftarget", ""))
        for toctree in self.document.findall(addnodes.toctree):
            self._check_toctree(toctree)
        for title in self.document.findall(nodes.title):
            self._check_title(title)
        report_unlinked(self.env, self.document)

    def _check_title(self, title: nodes.title) -> None:
        # Sphinx's table of contents keeps a download in a heading as a link
        # without an address, and the build stops with a KeyError
        # (sphinx-doc/sphinx#14514, fixed by the open sphinx-doc/sphinx#14604).
        for download in list(title.findall(addnodes.download_reference)):
            refuse(
                self.env,
                line_of(title),
                "a download in a heading is not supported (Sphinx fails on it): the text is kept, the "
                "link is removed; put the link in the paragraph under the heading",
            )
            unwrap(download)

    def _check_link(self, node: nodes.Element, uri: str) -> None:
        scheme = unsafe_scheme(uri)
        if scheme is None:
            return
        refuse(self.env, line_of(node), link_refusal(scheme))
        unwrap(node)

    def _check_toctree(self, toctree: addnodes.toctree) -> None:
        kept = []
        for title, ref in toctree["entries"]:
            scheme = unsafe_scheme(ref)
            if scheme is None:
                kept.append((title, ref))
            else:
                refuse(self.env, line_of(toctree), link_refusal(scheme))
        toctree["entries"] = kept

    def _refuse_raw(self, raw: nodes.raw) -> None:
        text = raw.astext()
        refuse(
            self.env,
            line_of(raw),
            "raw HTML is not allowed in the archive (it could run code in readers' browsers): "
            "it is shown as text; write the content in Markdown instead",
        )
        inline = isinstance(raw.parent, nodes.TextElement)
        shown: nodes.Element = nodes.literal(text, text) if inline else nodes.literal_block(text, text)
        shown["classes"].append("refused")
        if not inline:
            shown["language"] = "text"
        raw.replace_self(shown)


def report_unlinked(env: BuildEnvironment, document: nodes.document) -> None:
    """Report Markdown links that markdown-it left as text because of their scheme.

    markdown-it refuses ``javascript:``, ``vbscript:``, ``file:`` and
    ``data:`` links silently (the text stays as written, brackets and all),
    and offers no hook to hear of it: the text of each paragraph is searched
    for the link syntax around such a scheme. Code is not searched.
    """
    for element in document.findall(nodes.TextElement):
        if isinstance(element, (nodes.FixedTextElement, nodes.literal, nodes.raw)):
            continue
        parts = [child.astext() for child in element.children if isinstance(child, nodes.Text)]
        text = "".join(parts)
        for match in _UNLINKED.finditer(text):
            line = (line_of(element) or 0) + text.count("\n", 0, match.start())
            refuse(env, line or None, link_refusal(match["scheme"].lower()))


class RefusedDirective(SphinxDirective):
    """A directive records may not use: its content is shown as text, with a warning."""

    has_content = True
    optional_arguments = 10
    final_argument_whitespace = True
    option_spec = None  # accept and ignore any option, so the refusal is the only message
    why: ClassVar[str] = ""

    def run(self) -> list[nodes.Node]:
        refuse(
            self.env,
            self.lineno,
            f"the `{self.name}` directive is not allowed in the archive ({self.why}): "
            "its content is shown as text; remove it",
        )
        text = "\n".join(self.content)
        if not text:
            return []
        shown = nodes.literal_block(text, text, classes=["refused"], language="text")
        self.set_source_info(shown)
        return [shown]


class RefusedRaw(RefusedDirective):
    why = "raw markup could run code in readers' browsers"


class RefusedMeta(RefusedDirective):
    why = "it writes tags into the page's head"


def setup_untrusted(app: Sphinx) -> None:
    app.add_transform(RefuseUnsafeContent)
    override_directive(app, "raw", RefusedRaw)
    override_directive(app, "meta", RefusedMeta)
