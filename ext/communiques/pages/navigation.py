"""One navigation sidebar per folder for the pages outside every toctree.

furo shows the whole toctree on every page and asks Sphinx to resolve it
for each page (``toctree()`` in the template context). Resolving copies the
toctree of every listed document: a fifth of the time spent writing an
archive of 1,000 releases, and a cost that grows with the archive, although
for a release or an entity page (outside every toctree, reached through the
listings) the result only depends on the page's folder, which the sidebar's
relative links start from. The same cost is reported upstream for furo
(pradyunsg/furo#939, pradyunsg/furo#674) and other themes
(readthedocs/sphinx_rtd_theme#604, pydata/pydata-sphinx-theme#381).

So, on ``html-page-context`` (before furo reads the context), such pages get
a ``toctree`` that resolves once per folder and set of arguments, then
reuses the HTML. Pages in a toctree (year pages, index pages) are marked
"current" in the sidebar and keep Sphinx's own ``toctree``.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any

from communiques.internals import replace_theme_toctree

if TYPE_CHECKING:
    from collections.abc import Callable

    from docutils import nodes
    from sphinx.application import Sphinx


class SharedNavigation:
    """The ``toctree()`` of pages outside every toctree, resolved once per folder."""

    def __init__(self) -> None:
        self.html: dict[tuple[object, ...], str] = {}
        self.in_toctrees: set[str] | None = None

    def reset(self, *args: object) -> None:
        """Start afresh each build: the toctrees may have changed."""
        self.html.clear()
        self.in_toctrees = None

    def __call__(
        self,
        app: Sphinx,
        pagename: str,
        templatename: str,
        context: dict[str, Any],
        doctree: nodes.Node | None,
    ) -> None:
        if doctree is None:
            return
        if self.in_toctrees is None:
            env = app.env
            self.in_toctrees = {doc for docs in env.toctree_includes.values() for doc in docs}
            self.in_toctrees.add(app.config.root_doc)
        if pagename in self.in_toctrees:
            return
        folder = posixpath.dirname(pagename)
        replace_theme_toctree(context, lambda toctree: self.shared(folder, toctree))

    def shared(self, folder: str, toctree: Callable[..., str]) -> Callable[..., str]:
        def resolve(**kwargs: Any) -> str:
            key = (folder, *sorted(kwargs.items()))
            if key not in self.html:
                self.html[key] = toctree(**kwargs)
            return self.html[key]

        return resolve


def setup_navigation(app: Sphinx) -> None:
    navigation = SharedNavigation()
    app.connect("env-updated", navigation.reset)
    # Before the theme's handler (furo's, priority 500), which calls toctree().
    app.connect("html-page-context", navigation, priority=400)
