"""The extension's own user-interface strings and their catalog.

Labels the extension generates ("Citations", "Faits saillants", "Source"…)
are written in French, the archive's source language, and translated through
the ``communiques`` gettext catalog. Translators handle it like every other
catalog of the archive:

* the gettext build writes its template, ``communiques.pot``, with the
  templates of the French documents (extracted from this package by Babel;
  see :mod:`communiques.translation.directions`);
* ``sphinx-intl update`` creates or updates ``<locale_dir>/<lang>/LC_MESSAGES/
  communiques.po`` like any other catalog;
* when a build starts, the ``.po`` is compiled into the doctree folder (so no
  ``.mo`` is committed) and registered with Sphinx.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sphinx.locale import get_translation, get_translator

from communiques.core.files import PACKAGE_DIR, write_if_changed
from communiques.core.languages import SOURCE_LANGUAGE

if TYPE_CHECKING:
    from sphinx.application import Sphinx

CATALOG = "communiques"
KEYWORDS = {"_": None, "ngettext": (1, 2)}

_ = get_translation(CATALOG)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Plural-aware lookup; ``get_translation`` only offers ``gettext``."""
    return get_translator(CATALOG).ngettext(singular, plural, n)


def labels_language() -> str:
    """The language the labels are looked up in: the one their compiled catalog declares.

    Without a catalog (a French build, or a language not translated yet)
    the labels are the French they are written in.
    """
    info = get_translator(CATALOG).info()
    language = str(info.get("language", "")).replace("-", "_").split("_")[0]
    return language or SOURCE_LANGUAGE


def compiled_catalog_dir(app: Sphinx) -> Path:
    return Path(app.doctreedir) / "_communiques_locale"


def catalog_sources(app: Sphinx) -> list[Path]:
    """The ``communiques.po`` of the build's language in each ``locale_dirs``."""
    language = app.config.language or "fr"
    found = []
    for directory in app.config.locale_dirs:
        po = Path(app.srcdir, directory, language, "LC_MESSAGES", f"{CATALOG}.po")
        if po.is_file():
            found.append(po)
    return found


def compile_catalogs(app: Sphinx) -> None:
    """Compile the extension's ``.po`` for this language and register it.

    Runs on ``builder-inited``: the language is known by then (``-D
    language=en`` included) and nothing is read yet. Every document depends
    on the compiled catalog, so a changed ``.po`` re-reads the archive.
    """
    target = compiled_catalog_dir(app)
    language = app.config.language or "fr"
    mo = target / language / "LC_MESSAGES" / f"{CATALOG}.mo"
    sources = catalog_sources(app)
    if sources:
        # Compiled every time (a few milliseconds) and compared by content:
        # file times lie after a checkout or a stash, and a stale .mo would
        # show French labels on English pages.
        # A fixed date keeps the compiled bytes the same from one build to the next.
        catalog = Catalog(locale=language, creation_date=_EPOCH, revision_date=_EPOCH)
        for po in reversed(sources):  # the first locale_dirs entry wins
            with po.open("rb") as po_file:
                for message in read_po(po_file, locale=language):
                    if message.id and message.string and not message.fuzzy:
                        catalog[message.id] = message
        compiled = io.BytesIO()
        write_mo(compiled, catalog)
        write_if_changed(mo, compiled.getvalue())
    app.add_message_catalog(CATALOG, target)


def note_catalog_dependency(app: Sphinx, docname: str, source: list[str]) -> None:
    """Labels are read into every page: a changed catalog re-reads them."""
    for po in catalog_sources(app):
        app.env.note_dependency(po)


def label_template(project: str) -> Catalog:
    """The template of the labels, extracted from the package's sources by Babel."""
    template = Catalog(project=project, charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        PACKAGE_DIR, method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        template.add(
            message,
            locations=[(f"ext/communiques/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    return template


def setup_i18n(app: Sphinx) -> None:
    app.connect("builder-inited", compile_catalogs)
    app.connect("source-read", note_catalog_dependency)
