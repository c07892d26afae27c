"""Doctree nodes of the archive and their visitors for every builder.

Few nodes are our own; everything else the extension renders is made of
docutils' standard nodes, which every builder already knows. The exception is
:class:`release_rows`, a filled listing for the HTML builders, whose entity
pages may list 10,000 releases.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
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
    ``kind:id`` key) for entity pages. See :mod:`communiques.pages.listings`.
    """


class entity_relations(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for an entity's relations in both directions."""


class entity_list(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for the list of every entity of one kind."""


class release_history(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for a release's history: its items from the record, commits added when written.

    See :mod:`communiques.versioning.history`.
    """


@dataclass(frozen=True)
class ListingRow:
    """One release of a listing, as a reader sees it: ``date — title (mark) — posts``."""

    date: str
    title: str
    #: published, corrected or withdrawn
    status: str
    #: the release's page from the listing's page; None where it has no address
    uri: str | None
    #: the link's tooltip: the title as written (French spacing changes text, not attributes)
    tooltip: str = ""
    #: the mark of a withdrawn release, or ""
    withdrawn: str = ""
    #: on a person's page, the posts the person held that day, or ""
    posts: str = ""
    #: what comes before the title, the mark and the posts
    separators: tuple[str, str, str] = (" — ", " ", " — ")

    def parts(self) -> list[str]:
        """The row's text as the reader reads it, piece by piece (separators included)."""
        before_title, before_mark, before_posts = self.separators
        parts = [self.date, before_title, self.title]
        if self.withdrawn:
            parts += [before_mark, f"({self.withdrawn})"]
        if self.posts:
            parts += [before_posts, self.posts]
        return parts

    def with_parts(self, parts: list[str]) -> ListingRow:
        """The same row with the text of :meth:`parts` changed, each part keeping its place."""
        date, before_title, title, *rest = parts
        withdrawn, posts = self.withdrawn, self.posts
        before_mark, before_posts = self.separators[1:]
        if withdrawn:
            before_mark, marked, *rest = rest
            withdrawn = marked[1:-1]
        if posts:
            before_posts, posts = rest
        return replace(
            self,
            date=date,
            title=title,
            withdrawn=withdrawn,
            posts=posts,
            separators=(before_title, before_mark, before_posts),
        )


class release_rows(nodes.General, nodes.Element):  # noqa: N801
    """A filled listing of releases for the HTML builders: ``rows``, a list of :class:`ListingRow`.

    One node, written at once, where the standard nodes took seven per
    release: the government's page lists every release of the archive, and
    each node was made, pickled to a writing process and visited. The HTML
    is the one the HTML writer makes of the standard nodes, which other
    builders get (:class:`communiques.pages.listings.FillListings`); a test holds
    the two to the same output.
    """


def _visit_release_rows(self: Any, node: release_rows) -> None:
    encode, attval = self.encode, self.attval
    out = [self.starttag(node, "ul", CLASS="simple")]
    for row in node["rows"]:
        before_title, before_mark, before_posts = (encode(separator) for separator in row.separators)
        title = encode(row.title)
        if row.uri is not None:
            title = (
                f'<a class="release-title reference internal" href="{attval(row.uri)}" '
                f'title="{attval(row.tooltip)}">{title}</a>'
            )
        else:
            title = f'<span class="release-title">{title}</span>'
        mark = posts = ""
        if row.withdrawn:
            mark = f'{before_mark}<span class="release-withdrawn-mark">({encode(row.withdrawn)})</span>'
        if row.posts:
            posts = f'{before_posts}<span class="post-at-date">{encode(row.posts)}</span>'
        date = f'<span class="release-date">{encode(row.date)}</span>'
        text = f"{date}{before_title}{title}{mark}{posts}"
        out.append(f'<li class="release-status-{attval(row.status)}"><p>{text}</p></li>\n')
    out.append("</ul>\n")
    self.body.append("".join(out))
    raise nodes.SkipNode


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
    # Made for the HTML builders only; others get standard nodes.
    rows = (_visit_release_rows, None)
    app.add_node(release_rows, html=rows, latex=skip, text=skip, man=skip, texinfo=skip)
