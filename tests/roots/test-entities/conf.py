"""Test project of the entity pages: two releases, two people, three organisations, one agreement."""

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
