"""Test project of the open data: feeds, JSON-LD, sitemap and export.

Two releases (the first revised, with a subtitle and a checksummed original;
the second with no subtitle and markup characters in its title), one person,
two organisations (one part of the other), one agreement and one person that
no release mentions. English translations of the first release and of one
organisation are in ``locales/``.
"""

extensions = ["communiques"]

project = "Communiqués (tests)"
language = "fr"
locale_dirs = ["locales"]
gettext_compact = False
primary_domain = "archive"
root_doc = "index"
myst_title_to_header = True
myst_enable_extensions = ["colon_fence"]
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
# no trailing slash: the extension adds it
archive_base_url = "https://archive.test/communiques"
