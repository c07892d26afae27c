"""What a page says about its translation, in the reader's language: one notice for the page and its PDF.

A page shown in another language than the one it was written in carries one
of three notices (:func:`translation_notice`):

``translated``
    a release whose every passage is translated: "Translated from French;
    the French original prevails", with a link to the original's page. Only
    releases: they are published texts, whose original is the authority;
    the archive's own pages (indexes, authority records) are not.
``partial``
    some passages are still in the original language (marked with their
    ``lang``, :mod:`communiques.translation.coverage`): how many, and a link
    to the progress of the translations.
``untranslated``
    nothing is translated yet (a new release, before any translator): the
    page shows its original text, marked with its ``lang``, says so, and
    links to the translations page, which tells how to help.

The notice is computed from what the build measured while reading the page
(:class:`~communiques.translation.coverage.Coverage`), so the page's
template and the PDF's plan (:mod:`communiques.pdf.plan`) call the same
function and say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from communiques.archive.domain import archive_domain
from communiques.core import translation_labels
from communiques.core.languages import build_language
from communiques.core.urls import page_url
from communiques.translation.coverage import coverage_of, translation_domain
from communiques.translation.progress_page import language_name

if TYPE_CHECKING:
    from sphinx.application import Sphinx

Kind = Literal["translated", "partial", "untranslated"]
#: how a page's text in this build relates to its original
State = Literal["original", "translated", "partial", "untranslated"]


@dataclass(frozen=True)
class Notice:
    """A page's translation notice, in the build's language."""

    kind: Kind
    #: the language the reader reads (the build's)
    language: str
    #: the language the page was written in
    original: str
    text: str
    #: the link to the page in its original language: its text and absolute address
    original_link: str
    original_url: str
    #: passages shown in the original language
    untranslated: int
    #: the page that tells how the translation stands and how to help, if the site has one
    help_docname: str | None = None
    help_link: str | None = None

    def as_data(self) -> dict[str, Any]:
        """The notice as data (the PDF's plan): plain values only."""
        return {
            "kind": self.kind,
            "language": self.language,
            "original_lang": self.original,
            "text": self.text,
            "link_text": self.original_link,
            "original_url": self.original_url,
            "untranslated": self.untranslated,
        }


def translation_notice(app: Sphinx, docname: str) -> Notice | None:
    """The notice *docname*'s page carries in this build, or None (a page shown as written)."""
    coverage = coverage_of(app.env, docname)
    if coverage is None or not coverage.total:
        return None
    language = build_language(app.config)
    original = coverage.original
    kind: Kind
    if not coverage.untranslated:
        if docname not in archive_domain(app.env).releases:
            return None
        kind, text = "translated", translation_labels.translated_notice(original)
    elif not coverage.translated:
        kind, text = "untranslated", translation_labels.not_translated_notice(original)
    else:
        name = language_name(original, language)
        kind, text = "partial", translation_labels.untranslated_notice(coverage.untranslated, name)
    # The progress page itself has no link to itself.
    progress = sorted(page for page in translation_domain(app.env).progress_pages if page != docname)
    help_docname = progress[0] if progress and kind != "translated" else None
    return Notice(
        kind=kind,
        language=language,
        original=original,
        text=text,
        original_link=translation_labels.original_link(original),
        original_url=page_url(app, docname, original),
        untranslated=coverage.untranslated,
        help_docname=help_docname,
        help_link=(
            translation_labels.progress_link()
            if kind == "partial"
            else translation_labels.translation_help_link()
        )
        if help_docname
        else None,
    )


def text_state(app: Sphinx, docname: str) -> tuple[State, list[str]]:
    """How *docname*'s text in this build relates to its original, and the languages it is in.

    The languages: the build's where the text is translated, the original's
    where it is not, the main one first. For the JSON-LD and the export.
    """
    language = build_language(app.config)
    coverage = coverage_of(app.env, docname)
    if coverage is None:
        return "original", [translation_domain(app.env).original_of(docname)]
    if not coverage.untranslated:
        return "translated", [language]
    if not coverage.translated:
        return "untranslated", [coverage.original]
    return "partial", [language, coverage.original]
