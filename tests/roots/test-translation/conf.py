"""Test project of the translators' workflow, laid out like the archive.

``conf.py`` at the top, the sources in ``source/``, the catalogs in
``locales/`` (one per page): the site builder and the catalog tools run on
it as on the archive. English is partly translated on purpose: the release
has one paragraph untranslated and one fuzzy. The extension is found
through PYTHONPATH, which the tests set for the builds they run; they copy
the archive's own ``communiques.po`` (the labels) into the copy they build.
"""

project = "Communiqués (tests)"
extensions = ["communiques", "myst_parser"]
language = "fr"
locale_dirs = ["../locales"]
gettext_compact = False
gettext_uuid = False
gettext_location = True
primary_domain = "archive"
myst_title_to_header = True
myst_enable_extensions = ["colon_fence"]
html_theme = "furo"
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
