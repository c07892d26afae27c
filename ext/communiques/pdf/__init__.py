"""PDFs of each release and year: the download link, the print plan and each release's
print data (in Sphinx), the rendering with Typst (after it), and their verification.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_pdf(app: Sphinx) -> None:
    from communiques.pdf.data import setup_data
    from communiques.pdf.plan import setup_plan

    setup_plan(app)
    setup_data(app)
