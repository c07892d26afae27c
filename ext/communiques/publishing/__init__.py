"""Publishing: what each build publishes, the site assembled in a staging folder, and the
proof of every product (pages and their links, search, PDFs, open data) before the site is
called ready (:mod:`communiques.tools.site` runs them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_publishing(app: Sphinx) -> None:
    from communiques.publishing.outputs import setup_outputs

    setup_outputs(app)
