"""Communiqués: a Sphinx extension for an archive of press releases.

``setup`` only registers; each package registers its own part (see
``docs/architecture.md`` for the path of a record through them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

# Each package's __init__ only registers (its modules are imported by its setup).
from communiques import (
    archive,
    core,
    guard,
    opendata,
    pages,
    pdf,
    perf,
    search,
    tools,
    translation,
    versioning,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"

#: bump when what the extension stores in the environment changes shape
ENV_VERSION = 11


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("myst_parser")
    core.setup_core(app)  # configuration, the extension's catalog
    archive.setup_archive(app)  # the domain, records, archive-wide rules
    perf.setup_perf(app)  # parallel reading, garbage collector, log level
    pages.setup_pages(app)  # release and entity pages, listings, theme
    opendata.setup_opendata(app)  # feeds, sitemaps, JSON-LD, export
    versioning.setup_versioning(app)  # edition, history, originals, redirects
    pdf.setup_pdf(app)  # PDF links, the print plan and print data
    guard.setup_guard(app)  # untrusted content, encodings
    search.setup_search(app)  # what Pagefind indexes, the search page
    translation.setup_translation(app)  # untranslated text, language switcher, progress
    tools.setup_tools(app)  # the archive-check builder, what the site build publishes
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
