"""Every page knows its counterparts in the archive's other languages.

The site holds one build per language side by side (``fr/``, ``en/``, see
:mod:`communiques.tools.site`), each with the same pages at the same paths. On
``html-page-context`` each page gets, for the templates in ``templates/``:

* ``communiques_alternates``: the same page in every language, for
  ``<link rel="alternate" hreflang>``, and ``x-default``: the page in the
  source language, as the sitemaps say (:mod:`communiques.opendata.sitemaps`). These
  are for search engines, so they are absolute, from ``archive_base_url``
  (:mod:`communiques.core.urls`);
* ``communiques_switcher``: links to the same page in the other languages;
* ``communiques_notice``: on a page shown in another language than its
  original's, the notice of :mod:`communiques.translation.notices`
  (translated, partly translated, not translated yet), with relative links
  to the original's page and to the progress page.

The switcher's links are relative (``../en/<page>.html``), like every link a
reader follows, so the site works wherever it is hosted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from communiques.core import translation_labels
from communiques.core.config import archive_config
from communiques.core.languages import build_language, name_of
from communiques.core.urls import page_url
from communiques.translation.notices import translation_notice

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx


@dataclass(frozen=True)
class Alternate:
    language: str
    #: the language's name in itself: ``Français``, ``English``
    name: str
    href: str


def site_root(target_uri: str) -> str:
    """From a page's address in its language's folder, the way up to the site's root."""
    return "../" * (target_uri.count("/") + 1)


def switcher(target_uri: str, languages: list[str], current: str) -> list[Alternate]:
    """Relative links to the page at *target_uri* in each language but *current*."""
    up = site_root(target_uri)
    return [
        Alternate(lang, name_of(lang), f"{up}{lang}/{target_uri}") for lang in languages if lang != current
    ]


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    if app.builder.format != "html":
        return
    languages = list(archive_config(app.config).languages)
    context["communiques_alternates"] = [
        Alternate(lang, name_of(lang), page_url(app, pagename, lang)) for lang in languages
    ]
    context["communiques_x_default"] = page_url(app, pagename, languages[0])
    target_uri = app.builder.get_target_uri(pagename)
    context["communiques_switcher"] = switcher(target_uri, languages, build_language(app.config))
    context["communiques_switcher_label"] = translation_labels.other_languages()
    context["communiques_notice"] = page_notice(app, pagename, target_uri, context)


def page_notice(
    app: Sphinx, pagename: str, target_uri: str, context: dict[str, Any]
) -> dict[str, Any] | None:
    """The page's translation notice (:mod:`communiques.translation.notices`), with its links relative."""
    found = translation_notice(app, pagename)
    if found is None:
        return None
    return {
        "kind": found.kind,
        "text": found.text,
        "original": found.original,
        "original_text": found.original_link,
        "original_href": f"{site_root(target_uri)}{found.original}/{target_uri}",
        "link_text": found.help_link,
        "href": context["pathto"](found.help_docname) if found.help_docname else None,
    }


def setup_alternates(app: Sphinx) -> None:
    # archive_languages, the site's languages, is declared with the site's address (urls.py).
    app.connect("html-page-context", page_context)
