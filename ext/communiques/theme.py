"""The archive's stylesheet, added to every HTML page."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STATIC_DIR = Path(__file__).resolve().parent / "static"


def add_static_dir(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.config.html_static_path.append(str(STATIC_DIR))


def setup_theme(app: Sphinx) -> None:
    app.connect("builder-inited", add_static_dir)
    app.add_css_file("communiques.css")
