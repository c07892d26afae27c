"""The progress page: per direction of translation and per page, how much is translated.

``translation-progress`` leaves a placeholder; when the page is written it
becomes, for each direction (original language → language of the site, see
:mod:`communiques.translation.directions`), a summary and a table of every
catalog translated that way: translated, fuzzy, untranslated, share. French
originals and the archive's labels are translated into English; English
originals and the theme's strings into French.

The counts are honest on every build, incremental ones included:

* the messages are the ones the sources have now, collected while reading
  each page (:class:`communiques.translation.coverage.CollectMessages`, the same
  extraction as the gettext builder's), plus the labels of the extension and
  the theme's strings extracted from their sources, never the entries a
  stale ``.po`` holds;
* the catalogs are read when the page is written, and the page is written
  again whenever a page's messages or a catalog changed (``env-get-updated``
  compares a fingerprint of both with the last build's), although its own
  source did not change.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from babel import Locale
from babel.numbers import format_percent
from docutils import nodes
from sphinx.errors import NoUri
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from communiques.core import translation_labels
from communiques.core.config import archive_config
from communiques.core.languages import build_language
from communiques.translation.coverage import translation_domain
from communiques.translation.directions import INTERFACE_CATALOGS, interface_template, targets
from communiques.translation.progress import (
    Counts,
    count_digests,
    key_digest,
    message_keys,
    read_catalog,
    unpack_digests,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


class progress_table(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Placeholder for the progress of the translations, filled when written."""


def language_name(language: str, in_language: str) -> str:
    """*language*'s name in *in_language*, by Babel: ``anglais``, ``French``."""
    return Locale.parse(language).get_display_name(in_language) or language


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def catalog_path(env: BuildEnvironment, language: str, catalog: str) -> Path | None:
    """The ``.po`` Sphinx would use for *catalog*: the first of ``locale_dirs`` that has it."""
    for directory in env.config.locale_dirs:
        path = Path(env.srcdir, directory, language, "LC_MESSAGES", f"{catalog}.po")
        if path.is_file():
            return path
    return None


@dataclass(frozen=True)
class Source:
    """A catalog's current messages: a page's (docname) or an interface catalog's (None)."""

    catalog: str
    docname: str | None
    #: the language its messages are written in
    original: str
    digests: list[bytes]


@dataclass(frozen=True)
class Row:
    """One catalog of one direction: a page (docname) or an interface catalog (None)."""

    catalog: str
    docname: str | None
    counts: Counts


def current_messages(app: Sphinx) -> list[Source]:
    """Every catalog with the digests of the messages the sources have now; empty ones left out."""
    sources = [
        Source(
            name,
            None,
            original,
            [key_digest(key) for key in message_keys(interface_template(name, app.config.project))],
        )
        for name, original in INTERFACE_CATALOGS.items()
    ]
    domain = translation_domain(app.env)
    for docname in sorted(app.env.all_docs):
        found = domain.messages.get(docname)
        if found:
            sources.append(Source(docname, docname, domain.original_of(docname), unpack_digests(found)))
    return sources


def directions(app: Sphinx, sources: list[Source]) -> list[tuple[str, str]]:
    """(original, target) pairs that have catalogs, original languages in the site's order."""
    languages = list(archive_config(app.config).languages)
    originals = sorted({source.original for source in sources}, key=languages.index)
    return [(original, target) for original in originals for target in targets(original, languages)]


def progress_rows(env: BuildEnvironment, sources: list[Source], original: str, target: str) -> list[Row]:
    rows = []
    for source in sources:
        if source.original != original:
            continue
        path = catalog_path(env, target, source.catalog)
        po = read_catalog(path, target) if path else None
        rows.append(Row(source.catalog, source.docname, count_digests(source.digests, po)))
    return rows


class TranslationProgress(SphinxDirective):
    """``translation-progress``: the progress of every translation of the archive."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        translation_domain(self.env).progress_pages[self.env.docname] = self.lineno
        node = progress_table()
        self.set_source_info(node)
        return [node]


class FillProgress:
    """Fills the progress placeholders of a page when it is written."""

    def __init__(self, app: Sphinx, doctree: nodes.document, docname: str) -> None:
        self.app = app
        self.env = app.env
        self.docname = docname
        self.language = build_language(app.config)
        placeholders = list(doctree.findall(progress_table))
        if placeholders:
            rendered = self.render()
            for placeholder in placeholders:
                placeholder.replace_self([node.deepcopy() for node in rendered])

    def render(self) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        sources = current_messages(self.app)
        for original, target in directions(self.app, sources):
            rows = progress_rows(self.env, sources, original, target)
            total = sum((row.counts for row in rows), Counts())
            heading = translation_labels.progress_direction(
                target=capitalised(language_name(target, self.language)),
                original=language_name(original, self.language),
            )
            out.append(
                nodes.rubric(
                    heading,
                    heading,
                    classes=["translation-progress-language", f"translation-direction-{original}-{target}"],
                )
            )
            summary = translation_labels.progress_summary(
                translated=total.translated,
                total=total.total,
                percent=self.percent(total),
                fuzzy=total.fuzzy,
                untranslated=total.untranslated,
            )
            out.append(nodes.paragraph(summary, summary, classes=["translation-progress-summary"]))
            out.append(self.table(original, target, rows))
        return out

    def percent(self, counts: Counts) -> str:
        return format_percent(counts.percent / 100, locale=self.language)

    def table(self, original: str, target: str, rows: list[Row]) -> nodes.table:
        headings = translation_labels.progress_columns()
        table = nodes.table(
            classes=[
                "translation-progress",
                f"translation-progress-{target}",
                f"translation-direction-{original}-{target}",
            ]
        )
        group = nodes.tgroup(cols=len(headings))
        table += group
        for _ in headings:
            group += nodes.colspec(colwidth=1)
        head = nodes.thead()
        head += self.row([nodes.Text(text) for text in headings])
        group += head
        body = nodes.tbody()
        for row in rows:
            c = row.counts
            body += self.row(
                [
                    self.name(row),
                    nodes.Text(str(c.translated)),
                    nodes.Text(str(c.fuzzy)),
                    nodes.Text(str(c.untranslated)),
                    nodes.Text(self.percent(c)),
                ],
                classes=["complete" if c.complete else "incomplete"],
            )
        group += body
        return table

    def row(self, cells: list[nodes.Node], classes: list[str] | None = None) -> nodes.row:
        row = nodes.row(classes=classes or [])
        for cell in cells:
            row += nodes.entry("", nodes.paragraph("", "", cell))
        return row

    def name(self, row: Row) -> nodes.Node:
        if row.docname is None:
            return nodes.Text(translation_labels.progress_interface_catalog(row.catalog))
        title = self.env.titles.get(row.docname)
        text = title.astext() if title is not None else row.docname
        content = nodes.inline(text, text)
        try:
            return make_refnode(self.app.builder, self.docname, row.docname, "", content, row.docname)
        except NoUri:
            return content


def fingerprint(app: Sphinx) -> str:
    """What the progress pages show: the current messages and the catalogs' state."""
    digest = hashlib.sha256()
    sources = current_messages(app)
    languages = archive_config(app.config).languages
    for source in sources:
        for language in targets(source.original, languages):
            path = catalog_path(app.env, language, source.catalog)
            state = (path.stat().st_mtime_ns, path.stat().st_size) if path else None
            digest.update(repr((source.original, language, source.catalog, state)).encode())
        digest.update(b"".join(source.digests))
    return digest.hexdigest()


def stale_progress_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: progress pages whose counts changed since they were written."""
    domain = translation_domain(env)
    if not domain.progress_pages:
        return []
    current = fingerprint(app)
    if domain.data.get("digest") == current:
        return []
    domain.data["digest"] = current
    return sorted(domain.progress_pages)


def _skip(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


def setup_progress_page(app: Sphinx) -> None:
    skip = (_skip, None)
    app.add_node(progress_table, html=skip, latex=skip, text=skip, man=skip, texinfo=skip)
    app.add_directive("translation-progress", TranslationProgress)
    app.connect("doctree-resolved", FillProgress)
    app.connect("env-get-updated", stale_progress_pages)
