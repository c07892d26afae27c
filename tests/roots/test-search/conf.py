"""Test project of the search: three releases, two people, two organisations, one agreement.

Laid out like the archive (``conf.py`` beside ``source/`` and ``locales/``) so
that ``communiques.tools.site`` builds it in French and English, and Pagefind
indexes both.
"""

extensions = ["communiques", "myst_parser"]

project = "Communiqués (tests)"
language = "fr"
locale_dirs = ["../locales"]
gettext_compact = False
primary_domain = "archive"
root_doc = "index"
myst_title_to_header = True
myst_enable_extensions = ["colon_fence"]
html_theme = "furo"
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
# One past year a search bundle: the search page then merges three bundles
# (2021 and the entity pages, 2020, 2019), as it does an archive's.
archive_search_shard_pages = 1
