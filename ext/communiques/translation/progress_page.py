"""The progress page: per language and per page, how much is translated.

``translation-progress`` leaves a placeholder; when the page is written it
becomes, for each language the archive is translated into, a summary and a
table of every page with messages: translated, fuzzy, untranslated, share.

The counts are honest on every build, incremental ones included:

* the messages are the ones the sources have now, collected while reading
  each page (:class:`communiques.translation.coverage.CollectMessages`, the same
  extraction as the gettext builder's), plus the labels of the extension
  extracted from its sources, never the entries a stale ``.po`` holds;
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

from communiques.core import labels
from communiques.core.config import archive_config
from communiques.core.i18n import CATALOG, label_template
from communiques.core.languages import SOURCE_LANGUAGE, build_language
from communiques.translation.coverage import translation_domain
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
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment


class progress_table(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Placeholder for the progress of the translations, filled when written."""


def target_languages(config: Config) -> list[str]:
    """The languages the archive is translated into."""
    return [lang for lang in archive_config(config).languages if lang != SOURCE_LANGUAGE]


def language_name(language: str, in_language: str) -> str:
    """*language*'s name in *in_language*, by Babel: ``anglais``, ``French``."""
    name = Locale.parse(language).get_display_name(in_language) or language
    return name[:1].upper() + name[1:]


def catalog_path(env: BuildEnvironment, language: str, catalog: str) -> Path | None:
    """The ``.po`` Sphinx would use for *catalog*: the first of ``locale_dirs`` that has it."""
    for directory in env.config.locale_dirs:
        path = Path(env.srcdir, directory, language, "LC_MESSAGES", f"{catalog}.po")
        if path.is_file():
            return path
    return None


@dataclass(frozen=True)
class Row:
    """One catalog: a page (docname) or the extension's labels (None)."""

    docname: str | None
    counts: Counts


def current_messages(env: BuildEnvironment) -> dict[str, list[bytes]]:
    """Per catalog, the digests of the messages the sources have now; empty catalogs left out."""
    messages: dict[str, list[bytes]] = {
        CATALOG: [key_digest(key) for key in message_keys(label_template(env.config.project))],
    }
    domain = translation_domain(env)
    for docname in sorted(env.all_docs):
        found = domain.messages.get(docname)
        if found:
            messages[docname] = unpack_digests(found)
    return messages


def progress_rows(env: BuildEnvironment, language: str) -> list[Row]:
    rows = []
    for catalog, keys in current_messages(env).items():
        path = catalog_path(env, language, catalog)
        po = read_catalog(path, language) if path else None
        rows.append(Row(None if catalog == CATALOG else catalog, count_digests(keys, po)))
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
        for placeholder in list(doctree.findall(progress_table)):
            placeholder.replace_self(self.render())

    def render(self) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        for language in target_languages(self.app.config):
            rows = progress_rows(self.env, language)
            total = sum((row.counts for row in rows), Counts())
            heading = language_name(language, self.language)
            out.append(nodes.rubric(heading, heading, classes=["translation-progress-language"]))
            summary = labels.progress_summary(
                translated=total.translated,
                total=total.total,
                percent=self.percent(total),
                fuzzy=total.fuzzy,
                untranslated=total.untranslated,
            )
            out.append(nodes.paragraph(summary, summary, classes=["translation-progress-summary"]))
            out.append(self.table(language, rows))
        return out

    def percent(self, counts: Counts) -> str:
        return format_percent(counts.percent / 100, locale=self.language)

    def table(self, language: str, rows: list[Row]) -> nodes.table:
        headings = labels.progress_columns()
        table = nodes.table(classes=["translation-progress", f"translation-progress-{language}"])
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
            return nodes.Text(labels.progress_labels_catalog())
        title = self.env.titles.get(row.docname)
        text = title.astext() if title is not None else row.docname
        content = nodes.inline(text, text)
        try:
            return make_refnode(self.app.builder, self.docname, row.docname, "", content, row.docname)
        except NoUri:
            return content


def fingerprint(env: BuildEnvironment) -> str:
    """What the progress pages show: the current messages and the catalogs' state."""
    digest = hashlib.sha256()
    messages = current_messages(env)
    for language in target_languages(env.config):
        for catalog, keys in messages.items():
            path = catalog_path(env, language, catalog)
            state = (path.stat().st_mtime_ns, path.stat().st_size) if path else None
            digest.update(repr((language, catalog, state)).encode())
            digest.update(b"".join(keys))
    return digest.hexdigest()


def stale_progress_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: progress pages whose counts changed since they were written."""
    domain = translation_domain(env)
    if not domain.progress_pages:
        return []
    current = fingerprint(env)
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
