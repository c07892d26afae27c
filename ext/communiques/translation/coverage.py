"""What of each page is translated, seen while the page is read.

Two read-time transforms around Sphinx's ``Locale`` transform (priority 20):

* :class:`CollectMessages` (before it) records the messages of the page as
  the gettext builder extracts them, in the source language: the current
  messages of the page's catalog, kept in the ``translation`` domain for the
  progress page (:mod:`communiques.translation.progress_page`), which therefore needs no
  separate gettext build and is right on incremental builds;
* :class:`MarkUntranslated` (after it) marks every message Sphinx left in the
  original language (no translation, or only a fuzzy one, which Sphinx does
  not use) with the class ``language-<original>``, which docutils' HTML
  writer turns into ``lang="<original>"``, and counts them, with the page's
  messages, in the ``translation`` domain for the page's notice
  (:mod:`communiques.translation.notices`), which the page and its PDF show.

Each page has its own original language: a release's ``language``, the
archive's source language for every other page. A build in that language
shows the page as written; a build in any other translates it through the
page's catalog in that language (``locales/<lang>/LC_MESSAGES/<page>.po``),
whichever way that is: French originals into English, English originals
into French.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain
from sphinx.transforms import SphinxTransform
from sphinx.util.nodes import extract_messages

from communiques.archive.records import record_being_read
from communiques.core.languages import SOURCE_LANGUAGE, build_language
from communiques.perf.reading import ByDocument
from communiques.translation.progress import pack_digests

if TYPE_CHECKING:
    from collections.abc import Iterable, Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: node attribute, while a page is read: its message's text before translation
BEFORE_KEY = "communiques_before"


@dataclass(frozen=True)
class Coverage:
    """How much of a page the build's language shows translated."""

    #: the language the page was written in
    original: str
    #: the page's messages (as the gettext builder extracts them)
    total: int
    #: those shown in the original language
    untranslated: int

    @property
    def translated(self) -> int:
        return self.total - self.untranslated


class TranslationDomain(Domain):
    """Per document: its messages, its original language and its coverage; the progress pages."""

    name = "translation"
    label = "Translation"
    data_version = 3
    initial_data: ClassVar[dict[str, Any]] = {
        # docname -> digests of its msgids, in the order of the catalog (pack_digests)
        "messages": ByDocument(),
        # docname -> its original language, for pages not in the source language
        "originals": ByDocument(),
        # docname -> Coverage, for pages the build translates
        "coverage": ByDocument(),
        "progress_pages": ByDocument(),  # docname -> line of its progress table
        "digest": "",  # what the progress pages showed last time
    }
    #: the tables kept by document
    TABLES = ("messages", "originals", "coverage", "progress_pages")

    @property
    def messages(self) -> dict[str, bytes]:
        return self.data.setdefault("messages", ByDocument())

    @property
    def originals(self) -> dict[str, str]:
        return self.data.setdefault("originals", ByDocument())

    @property
    def coverage(self) -> dict[str, Coverage]:
        return self.data.setdefault("coverage", ByDocument())

    @property
    def progress_pages(self) -> dict[str, int]:
        return self.data.setdefault("progress_pages", ByDocument())

    def original_of(self, docname: str) -> str:
        """The language *docname* was written in."""
        return self.originals.get(docname, SOURCE_LANGUAGE)

    def clear_doc(self, docname: str) -> None:
        for table in self.TABLES:
            self.data.setdefault(table, ByDocument()).pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for table in self.TABLES:
            mine = self.data.setdefault(table, ByDocument())
            theirs = otherdata.get(table, {})
            for docname in docnames:
                if docname in theirs:
                    mine[docname] = theirs[docname]

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []


def translation_domain(env: BuildEnvironment) -> TranslationDomain:
    domain = env.domains["translation"]
    assert isinstance(domain, TranslationDomain)
    return domain


def page_messages(document: nodes.document) -> Iterable[tuple[nodes.Element, str]]:
    """The messages the gettext builder extracts from *document*.

    As ``MessageCatalogBuilder.write_doc`` does: every translatable node,
    except inside substitution definitions (toctree captions, which it also
    takes from the environment, are in the document already). While reading,
    the document still holds the front matter as a field list, which becomes
    the page's metadata and is gone by the time the gettext builder writes:
    its fields are not messages either.
    """
    front_matter = front_matter_of(document)
    for node, message in extract_messages(document):
        ancestors = list(_ancestors(node))
        if front_matter is not None and (node is front_matter or front_matter in ancestors):
            continue
        if not any(isinstance(parent, nodes.substitution_definition) for parent in ancestors):
            yield node, message


def front_matter_of(document: nodes.document) -> nodes.field_list | None:
    """The field list docutils' ``DocInfo`` transform will turn into metadata."""
    index = document.first_child_not_matching_class(nodes.PreBibliographic)  # type: ignore[arg-type]
    if index is None:
        return None
    candidate = document[index]
    return candidate if isinstance(candidate, nodes.field_list) else None


def _ancestors(node: nodes.Node) -> Iterable[nodes.Node]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


class CollectMessages(SphinxTransform):
    """Record the page's messages, as extracted before they are translated."""

    default_priority = 15  # after PreserveTranslatableMessages (10), before Locale (20)

    def apply(self, **kwargs: object) -> None:
        domain = translation_domain(self.env)
        found = list(page_messages(self.document))
        domain.messages[self.env.docname] = pack_digests(message for _, message in found)
        original = original_language(self.env)
        if original != SOURCE_LANGUAGE:
            domain.originals[self.env.docname] = original
        if build_language(self.config) != original:
            # What each message reads before its translation, to tell a
            # translation that keeps the original's words (MarkUntranslated).
            for node, _message in found:
                node[BEFORE_KEY] = node.astext()


def original_language(env: BuildEnvironment) -> str:
    """The language the page was written in: its record's, else the archive's."""
    record = record_being_read(env)
    return getattr(record, "language", None) or SOURCE_LANGUAGE


class MarkUntranslated(SphinxTransform):
    """Give what Sphinx left untranslated the language it is written in."""

    default_priority = 30  # after Locale (20) and Sphinx's progress count (25)

    def apply(self, **kwargs: object) -> None:
        original = original_language(self.env)
        if build_language(self.config) == original:
            return
        language_class = f"language-{original}"
        seen: set[int] = set()
        untranslated = 0
        for node, _message in page_messages(self.document):
            # The toctree's captions are shown by the theme's navigation, not
            # the page; Sphinx translates them without marking them.
            before = node.attributes.pop(BEFORE_KEY, None)
            if isinstance(node, addnodes.toctree) or id(node) in seen:
                continue
            seen.add(id(node))
            if not node.get("translated"):
                node["classes"].append(language_class)
                untranslated += 1
            elif before == node.astext() and kept_as_written(node):
                # Translated by copying it (a name, a motto, "G7"): still
                # words of the original language, for screen readers too.
                node["classes"].append(language_class)
        total = len(seen)
        translation_domain(self.env).coverage[self.env.docname] = Coverage(original, total, untranslated)


def kept_as_written(node: nodes.Element) -> bool:
    """Whether *node*'s text is words of its own (not a link whose text is resolved later)."""
    return not any(isinstance(child, addnodes.pending_xref) for child in node.findall())


def coverage_of(env: BuildEnvironment, docname: str) -> Coverage | None:
    """How much of *docname* the build shows translated; None for a page shown as written."""
    return translation_domain(env).coverage.get(docname)


def setup_coverage(app: Sphinx) -> None:
    app.add_domain(TranslationDomain)
    app.add_transform(CollectMessages)
    app.add_transform(MarkUntranslated)
