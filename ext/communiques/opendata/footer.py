"""The archive's own footer: what it is, and where its pages and open data are.

On ``html-page-context`` every page gets ``communiques_footer`` for
``templates/communiques/footer.html``: the search page, the years, the
topics, the feed of every release, the export and the translations' progress,
where they exist; no "Made with" of the theme.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from communiques.core.urls import EXPORT_PATH, feed_path
from communiques.pages import notice_labels
from communiques.translation.coverage import translation_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def footer_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """``html-page-context``: the links of the archive's footer (``communiques/footer.html``)."""
    text = notice_labels.footer_links()
    pathto, hasdoc = context["pathto"], context["hasdoc"]
    links: list[dict[str, str]] = []
    for docname, key in (("search", "search"), ("releases/index", "years"), ("topics/index", "topics")):
        if docname == "search" or hasdoc(docname):
            links.append({"href": pathto(docname), "text": text[key], "type": ""})
    links.append({"href": pathto(feed_path(None), 1), "text": text["feeds"], "type": "application/atom+xml"})
    links.append({"href": pathto(EXPORT_PATH, 1), "text": text["export"], "type": "application/json"})
    progress = sorted(translation_domain(app.env).progress_pages)
    if progress:
        links.append({"href": pathto(progress[0]), "text": text["translations"], "type": ""})
    context["communiques_footer"] = {"about": text["about"], "label": text["label"], "links": links}


def setup_footer(app: Sphinx) -> None:
    app.connect("html-page-context", footer_context)
