"""Untrusted content: what a record may not do (run script, read files outside ``source/``),
and sources that are not UTF-8.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_guard(app: Sphinx) -> None:
    from communiques.guard.encodings import setup_encodings
    from communiques.guard.untrusted import setup_untrusted

    setup_untrusted(app)
    setup_encodings(app)
