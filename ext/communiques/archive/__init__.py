"""The archive's data: the ``archive`` domain, records read into it, archive-wide rules,
and the few doctree nodes of our own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_archive(app: Sphinx) -> None:
    from communiques.archive.consistency import setup_consistency
    from communiques.archive.domain import setup_domain
    from communiques.archive.nodes import setup_nodes
    from communiques.archive.records import setup_records

    setup_domain(app)
    setup_nodes(app)
    setup_records(app)
    setup_consistency(app)
