"""Untrusted content: what a record may not do (run script or code, read or publish files outside
``source/``, exhaust memory), and sources that are not UTF-8. See ``SECURITY.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_guard(app: Sphinx) -> None:
    from communiques.guard.budget import setup_budget
    from communiques.guard.encodings import setup_encodings
    from communiques.guard.files import setup_files
    from communiques.guard.names import setup_names
    from communiques.guard.parser import setup_parser
    from communiques.guard.sources import setup_sources
    from communiques.guard.untrusted import setup_untrusted

    setup_parser(app)
    setup_budget(app)
    setup_untrusted(app)
    setup_files(app)
    setup_sources(app)
    setup_names(app)
    setup_encodings(app)
