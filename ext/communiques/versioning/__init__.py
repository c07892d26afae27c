"""A record's life: the edition of the sources, git history, revisions, the captured
original and its checksum, redirects from former addresses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_versioning(app: Sphinx) -> None:
    from communiques.versioning.edition import setup_edition
    from communiques.versioning.history import setup_history
    from communiques.versioning.provenance import setup_provenance
    from communiques.versioning.redirects import setup_redirects

    setup_edition(app)
    setup_history(app)
    setup_provenance(app)
    setup_redirects(app)
