"""PDFs of each release and year: the download link and the print plan (in Sphinx), the
rendering (after it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_pdf(app: Sphinx) -> None:
    from communiques.pdf.plan import setup_plan

    setup_plan(app)
