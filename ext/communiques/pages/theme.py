"""The archive's stylesheet and templates (page.html, search.html), added to every HTML page,
and its own footer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from communiques.core.files import PACKAGE_DIR
from communiques.opendata.export import EXPORT_PATH
from communiques.opendata.published import feed_path
from communiques.pages import notice_labels
from communiques.translation.coverage import translation_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

STATIC_DIR = PACKAGE_DIR / "static"
#: ``page.html`` (extends furo's) and the partials each feature includes from it
TEMPLATES_DIR = PACKAGE_DIR / "templates"


def add_static_dir(app: Sphinx, config: Config) -> None:
    # On config-inited, before Sphinx compares the configuration with the
    # last build's: added later, it would look changed and re-read everything.
    if str(STATIC_DIR) not in config.html_static_path:
        config.html_static_path.append(str(STATIC_DIR))
    # Templates likewise: page.html extends the theme's ("!page.html"),
    # search.html replaces it.
    if str(TEMPLATES_DIR) not in config.templates_path:
        config.templates_path.append(str(TEMPLATES_DIR))


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


def setup_theme(app: Sphinx) -> None:
    app.connect("config-inited", add_static_dir)
    app.connect("html-page-context", footer_context)
    app.add_css_file("communiques.css")
