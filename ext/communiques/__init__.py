"""Communiqués: a Sphinx extension for an archive of press releases.

``setup`` only registers; each feature registers itself in its module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"

#: bump when what the extension stores in the environment changes shape
ENV_VERSION = 7


def setup(app: Sphinx) -> ExtensionMetadata:
    from communiques.checkbuilder import setup_checkbuilder
    from communiques.collector import setup_collector
    from communiques.directives import setup_directives
    from communiques.domain import ArchiveDomain
    from communiques.edition import setup_edition
    from communiques.encoding import setup_encoding
    from communiques.entities import setup_entities
    from communiques.header import setup_header
    from communiques.history import setup_history
    from communiques.i18n import setup_i18n
    from communiques.languages import setup_languages
    from communiques.listings import setup_listings
    from communiques.log_level import setup_log_level
    from communiques.navigation import setup_navigation
    from communiques.nodes import setup_nodes
    from communiques.opendata import setup_opendata
    from communiques.printing import setup_printing
    from communiques.progress_page import setup_progress_page
    from communiques.provenance import setup_provenance
    from communiques.reading import setup_reading
    from communiques.records import setup_records
    from communiques.redirects import setup_redirects
    from communiques.safety import setup_safety
    from communiques.search import setup_search
    from communiques.theme import setup_theme
    from communiques.translation import setup_translation
    from communiques.typography import setup_typography

    app.setup_extension("myst_parser")
    app.add_domain(ArchiveDomain)
    app.connect("warn-missing-reference", _archive_reports_its_own)
    setup_i18n(app)
    setup_nodes(app)
    setup_collector(app)
    setup_log_level(app)
    setup_reading(app)
    setup_records(app)
    setup_header(app)
    setup_directives(app)
    setup_entities(app)
    setup_listings(app)
    setup_navigation(app)
    setup_theme(app)
    setup_opendata(app)
    setup_edition(app)
    setup_history(app)
    setup_provenance(app)
    setup_redirects(app)
    setup_typography(app)
    setup_printing(app)
    setup_safety(app)
    setup_encoding(app)
    setup_checkbuilder(app)
    setup_search(app)
    setup_translation(app)
    setup_languages(app)
    setup_progress_page(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def _archive_reports_its_own(app: Sphinx, domain: object, node: object) -> bool | None:
    """Unknown archive ids are reported by the consistency check, with advice."""
    return True if getattr(domain, "name", None) == "archive" else None
