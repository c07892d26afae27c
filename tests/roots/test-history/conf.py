"""Test project of revisions, provenance, redirects and the edition stamp (default theme)."""

extensions = ["communiques"]

project = "Communiqués (tests)"
language = "fr"
primary_domain = "archive"
myst_title_to_header = True
myst_enable_extensions = ["colon_fence"]
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
