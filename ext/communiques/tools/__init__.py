"""Commands run outside the build (``check``, ``import``, ``new``, the site build, the
catalogs), and the ``archive-check`` builder that ``check`` runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_tools(app: Sphinx) -> None:
    from communiques.publishing import setup_publishing
    from communiques.tools.check_builder import setup_check_builder

    setup_check_builder(app)
    # What each HTML build publishes, for the site build (communiques.tools.site).
    setup_publishing(app)
