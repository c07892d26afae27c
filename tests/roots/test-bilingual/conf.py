"""Test project of the bilingual archive: the seed archive, and an English original.

Laid out like the archive (``conf.py`` beside ``source/`` and ``locales/``),
with the archive's settings, so that the site builder and the catalog tools
run on it as on the archive. ``source/`` is a copy of the archive's seed
(the release of 2020-06-25 and its authority records, with their English
catalogs): assertions about the seed are made on this copy, so that the
archive's own ``source/`` may grow without breaking them. To it are added an
English original, ``releases/2020/2020-06-15-canada-france-launch-gpai``,
translated into French through ``locales/fr``, and the person it quotes.

The interface catalogs (``communiques.po``, ``sphinx.po``) are the
archive's: the tests copy them in (see ``tests/helpers.py``), so they see
the labels readers see.
"""

project = "Communiqués"
author = "Communiqués"
# A name, the same in every language: the footer of French and English pages shows it.
copyright = "Communiqués"  # noqa: A001 (Sphinx's name)
extensions = ["communiques", "myst_parser", "sphinx_design"]
language = "fr"
locale_dirs = ["../locales"]
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
