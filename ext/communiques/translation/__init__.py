"""Translation: each page's original language and which way its catalogs go, what of it
is translated, the notices and language switcher, the progress page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_translation(app: Sphinx) -> None:
    from communiques.translation.alternates import setup_alternates
    from communiques.translation.coverage import setup_coverage
    from communiques.translation.directions import setup_directions
    from communiques.translation.progress_page import setup_progress_page

    setup_coverage(app)
    setup_directions(app)
    setup_alternates(app)
    setup_progress_page(app)
