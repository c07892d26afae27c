"""Search: what each page tells Pagefind (in Sphinx), the search page, and the index
(after Sphinx).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_search(app: Sphinx) -> None:
    from communiques.search.markup import setup_markup

    setup_markup(app)
