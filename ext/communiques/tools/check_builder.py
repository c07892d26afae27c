"""The ``archive-check`` builder: Sphinx's ``dummy`` builder, resolving only what was read.

``dummy`` writes nothing but still resolves the doctree of every document on
every run (its outdated documents are all documents): at 1,000 releases a
check with nothing changed spent half a minute there. This builder resolves
only the documents read by this run and those the archive reports as updated
(``env-get-updated``: pages whose listings changed, pages with problems), so
a second check costs what the changes cost. It is what ``python -m
communiques check`` runs; ``sphinx-build -b archive-check`` works too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.builders.dummy import DummyBuilder

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class CheckBuilder(DummyBuilder):
    name = "archive-check"

    def get_outdated_docs(self) -> set[str]:
        return set()


def setup_check_builder(app: Sphinx) -> None:
    app.add_builder(CheckBuilder)
