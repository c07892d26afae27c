"""Foundations every other package uses: warnings, the record schema, front matter,
paths, addresses, dates, labels and the extension's own catalog.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_core(app: Sphinx) -> None:
    from communiques.core.config import setup_config
    from communiques.core.i18n import setup_i18n
    from communiques.core.urls import setup_urls

    setup_config(app)
    setup_i18n(app)
    setup_urls(app)
