"""Sphinx configuration of the Communiqués archive.

Thin on purpose: the archive's behaviour lives in ``ext/communiques``. The
sources are in ``source/`` (built with ``sphinx-build -c . source …``).
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "ext"))

project = "Communiqués"
author = "Communiqués"
# A name, the same in every language: the footer of French and English pages shows it.
copyright = "Communiqués"  # noqa: A001 (Sphinx's name)

extensions = ["communiques", "myst_parser", "sphinx_design"]

language = "fr"
locale_dirs = ["../locales"]  # relative to source/
gettext_compact = False
gettext_uuid = False
gettext_location = True

primary_domain = "archive"
myst_title_to_header = True
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = "Communiqués"
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False

exclude_patterns = []
