"""Test project of the newsroom: home page, topics, a release's notice, neighbours, sharing."""

extensions = ["communiques", "sphinx_design"]

project = "Communiqués (tests)"
copyright = "Communiqués contributors"  # noqa: A001 (Sphinx's name)
language = "fr"
primary_domain = "archive"
root_doc = "index"
myst_title_to_header = True
myst_enable_extensions = ["colon_fence"]
html_theme = "furo"
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
archive_base_url = "https://archive.example.net/"
