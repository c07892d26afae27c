"""Which way each catalog is translated: from its original language into every other.

A page is written in one language, its *original*: a release's ``language``,
the archive's source language (French) for every other page. Every other
language of the site gets the page's text through the page's catalog in that
language: ``locales/en/LC_MESSAGES/<page>.po`` for a French original,
``locales/fr/LC_MESSAGES/<page>.po`` for an English one. Two catalogs are not
pages: the archive's labels (``communiques``, written in French) and the
theme's strings (``sphinx``, furo's, written in English; see
:mod:`communiques.pages.theme_strings`).

The gettext build writes the templates (``.pot``) of each original language
in a folder of its own, ``_build/gettext/<original>/``::

    _build/gettext/fr/communiques.pot                 the labels
    _build/gettext/fr/releases/2020/2020-06-25-….pot  a French release
    _build/gettext/en/sphinx.pot                      the theme's strings
    _build/gettext/en/releases/2021/2021-03-04-….pot  an English release

so that ``sphinx-intl update -p _build/gettext/<original> -l <target>``
updates each direction's catalogs, and only those (``tox -e intl`` runs it
for every pair, :mod:`communiques.tools.catalogs`). The locations in the
catalogs (``#: ../../source/…``) stay relative to ``_build/gettext``.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.pofile import write_po

from communiques.core.i18n import CATALOG, label_template
from communiques.core.languages import SOURCE_LANGUAGE
from communiques.pages.theme_strings import THEME_CATALOG, THEME_LANGUAGE, theme_template
from communiques.translation.coverage import translation_domain

if TYPE_CHECKING:
    from collections.abc import Iterable

    from babel.messages.catalog import Catalog
    from sphinx.application import Sphinx

#: the catalogs that are not pages, and the language each is written in
INTERFACE_CATALOGS: dict[str, str] = {CATALOG: SOURCE_LANGUAGE, THEME_CATALOG: THEME_LANGUAGE}
#: the line width of every catalog; changing it rewraps every file
LINE_WIDTH = 76


def targets(original: str, languages: Iterable[str]) -> list[str]:
    """The languages a catalog written in *original* is translated into."""
    return [language for language in languages if language != original]


def interface_template(name: str, project: str) -> Catalog:
    """The template of an interface catalog, from the sources of its strings."""
    return label_template(project) if name == CATALOG else theme_template(project)


def write_pot(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as pot:
        write_po(pot, catalog, width=LINE_WIDTH, sort_by_file=True)


def split_templates(app: Sphinx, exception: Exception | None) -> None:
    """After a gettext build: each template in the folder of its original language.

    The interface catalogs' templates are written there too; Sphinx's own
    ``sphinx.pot`` (messages of the project's templates) is replaced by the
    theme's, which holds them.
    """
    if exception is not None or app.builder.name != "gettext":
        return
    out = Path(app.outdir)
    domain = translation_domain(app.env)
    for docname in sorted(app.env.found_docs):
        pot = out / f"{docname}.pot"
        if pot.is_file():
            moved = out / domain.original_of(docname) / pot.relative_to(out)
            moved.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(pot, moved)
    (out / f"{THEME_CATALOG}.pot").unlink(missing_ok=True)
    for name, original in INTERFACE_CATALOGS.items():
        write_pot(out / original / f"{name}.pot", interface_template(name, app.config.project))
    # Folders the move emptied (releases/2020/ of a year of English originals only…).
    for folder in sorted((p for p in out.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()


def setup_directions(app: Sphinx) -> None:
    app.connect("build-finished", split_templates)
