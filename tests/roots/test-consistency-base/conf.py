"""Consistency rules: a valid archive; each test-consistency-<case> root holds the files that break one rule."""

extensions = ["communiques"]

project = "Communiqués (tests)"
language = "fr"
primary_domain = "archive"
root_doc = "index"
myst_title_to_header = True
myst_enable_extensions = ["colon_fence"]
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
