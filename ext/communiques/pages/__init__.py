"""What readers see on a page: a release's header, notice and sections, entity pages, listings,
navigation, the home page, French typography, the theme.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_pages(app: Sphinx) -> None:
    from communiques.pages.directives import setup_directives
    from communiques.pages.entity_pages import setup_entities
    from communiques.pages.home import setup_home
    from communiques.pages.listings import setup_listings
    from communiques.pages.navigation import setup_navigation
    from communiques.pages.release_header import setup_header
    from communiques.pages.release_page import setup_release_page
    from communiques.pages.theme import setup_theme
    from communiques.pages.theme_strings import setup_theme_strings
    from communiques.pages.typography import setup_typography

    setup_header(app)
    setup_release_page(app)
    setup_directives(app)
    setup_entities(app)
    setup_home(app)
    setup_listings(app)
    setup_navigation(app)
    setup_theme(app)
    setup_theme_strings(app)
    setup_typography(app)
