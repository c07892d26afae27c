"""Doctree nodes of the archive and their visitors for every builder.

Only two nodes are our own; everything else the extension renders is made of
docutils' standard nodes, which every builder already knows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sphinx.application import Sphinx


class data_text(nodes.inline, addnodes.translatable):  # noqa: N801 (docutils naming)
    """A piece of data (a place, a post) shown inside generated text.

    Generated sentences such as the dateline mix labels from the extension's
    catalog with data from the front matter. The data part is this node: as a
    ``translatable`` it is extracted into the document's catalog by the
    gettext builder and replaced by its translation when the document is read
    in another language, while the sentence around it is not extracted.
    """

    def preserve_original_messages(self) -> None:
        self["original"] = self.astext()

    def extract_original_messages(self) -> Sequence[str]:
        return [self.get("original", self.astext())]

    def apply_translated_message(self, original_message: str, translated_message: str) -> None:
        if original_message == self.extract_original_messages()[0]:
            # Through ``+=`` so the new text gets this node as its parent
            # (later transforms, SmartQuotes among them, walk up from it).
            self.clear()
            self += nodes.Text(translated_message)
            self["translated"] = True


def make_data_text(text: str, source: str, line: int | None) -> data_text:
    # No "translatable" attribute: RemoveTranslatableInline would unwrap the
    # node and move its text to the end of the paragraph.
    node = data_text(text, text)
    node.source, node.line = source, line
    node.preserve_original_messages()
    return node


def generated(node: nodes.Element) -> nodes.Element:
    """Mark a node made of labels and links as not for the document's catalog.

    Its labels come from the extension's catalog; without this mark Sphinx
    would give it the document's source and extract it as page text.
    """
    node["translatable"] = False
    return node


class release_list(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for a listing of releases, filled after reading.

    Attributes: ``year`` (int) or ``latest`` (int); ``mentioning`` (a
    ``kind:id`` key) for entity pages. See :mod:`communiques.listings`.
    """


class entity_relations(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for an entity's relations in both directions."""


class entity_list(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for the list of every entity of one kind."""


class release_history(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for a release's history: its items from the record, commits added when written.

    See :mod:`communiques.history`.
    """


def _visit_inline(self: Any, node: nodes.Element) -> None:
    self.visit_inline(node)


def _depart_inline(self: Any, node: nodes.Element) -> None:
    self.depart_inline(node)


def _skip(self: Any, node: nodes.Element) -> None:
    # A listing that reaches a writer was never filled (a builder that skips
    # post-transforms): render nothing rather than crash.
    raise nodes.SkipNode


def setup_nodes(app: Sphinx) -> None:
    inline = (_visit_inline, _depart_inline)
    app.add_node(data_text, html=inline, latex=inline, text=inline, man=inline, texinfo=inline)
    skip = (_skip, None)
    for placeholder in (release_list, entity_relations, entity_list, release_history):
        app.add_node(placeholder, html=skip, latex=skip, text=skip, man=skip, texinfo=skip)
