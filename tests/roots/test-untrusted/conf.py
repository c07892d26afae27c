"""Test project: a record full of script-injection attempts, built with the real theme."""

extensions = ["communiques", "sphinx_design"]

project = "Communiqués (tests)"
language = "fr"
primary_domain = "archive"
myst_title_to_header = True
myst_enable_extensions = ["colon_fence", "deflist"]
html_theme = "furo"
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
