"""Test project of the PDFs: the settings of the real conf.py that matter, default theme."""

extensions = ["communiques"]

project = "Communiqués (tests)"
language = "fr"
locale_dirs = ["locales"]
gettext_compact = False
primary_domain = "archive"
myst_title_to_header = True
myst_enable_extensions = ["colon_fence"]
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
