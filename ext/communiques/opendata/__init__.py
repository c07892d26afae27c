"""Open data: Atom feeds, sitemaps, schema.org JSON-LD, the JSON export, Open Graph, the footer's links."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_opendata(app: Sphinx) -> None:
    from communiques.opendata.footer import setup_footer
    from communiques.opendata.publish import setup_publish
    from communiques.opendata.sharing import setup_sharing

    setup_publish(app)
    setup_footer(app)
    setup_sharing(app)
