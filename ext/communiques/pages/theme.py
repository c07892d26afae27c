"""The archive's stylesheet and templates (page.html, search.html), added to every HTML page.

The footer's links are given by :mod:`communiques.opendata.footer`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from communiques.core.files import PACKAGE_DIR

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


def setup_theme(app: Sphinx) -> None:
    app.connect("config-inited", add_static_dir)
    app.add_css_file("communiques.css")
