"""How the build stays fast on a large archive: when to read in parallel, the garbage
collector, Sphinx's debug records.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_perf(app: Sphinx) -> None:
    from communiques.perf.collector import setup_collector
    from communiques.perf.log_level import setup_log_level
    from communiques.perf.reading import setup_reading

    setup_collector(app)
    setup_log_level(app)
    setup_reading(app)
