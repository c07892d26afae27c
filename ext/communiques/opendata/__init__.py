"""Open data: Atom feeds, sitemaps, schema.org JSON-LD and the JSON export."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_opendata(app: Sphinx) -> None:
    from communiques.opendata.publish import setup_publish

    setup_publish(app)
