"""The extension's own user-interface strings and their catalog.

Labels the extension generates ("Citations", "Faits saillants", "Source"…)
are written in French, the archive's source language, and translated through
the ``communiques`` gettext catalog kept in ``locale/`` beside this module.
Its ``.po`` files are compiled into the build's doctree folder when the
builder starts, so no compiled ``.mo`` is ever committed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sphinx.locale import get_translation, get_translator

if TYPE_CHECKING:
    from sphinx.application import Sphinx

CATALOG = "communiques"
SOURCE_DIR = Path(__file__).resolve().parent / "locale"

_ = get_translation(CATALOG)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Plural-aware lookup; ``get_translation`` only offers ``gettext``."""
    return get_translator(CATALOG).ngettext(singular, plural, n)


def compiled_catalog_dir(app: Sphinx) -> Path:
    return Path(app.doctreedir) / "_communiques_locale"


def compile_catalogs(app: Sphinx) -> None:
    """Compile the extension's ``.po`` files and register the catalog.

    Runs on ``builder-inited``: the language is known by then (``-D
    language=en`` included) and nothing is read yet.
    """
    target = compiled_catalog_dir(app)
    for po in sorted(SOURCE_DIR.glob(f"*/LC_MESSAGES/{CATALOG}.po")):
        mo = target / po.parent.relative_to(SOURCE_DIR) / f"{CATALOG}.mo"
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        mo.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as po_file:
            catalog = read_po(po_file, locale=po.parent.parent.name)
        with mo.open("wb") as mo_file:
            write_mo(mo_file, catalog)
    app.add_message_catalog(CATALOG, target)


def setup_i18n(app: Sphinx) -> None:
    app.connect("builder-inited", compile_catalogs)
