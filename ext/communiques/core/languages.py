"""The archive's languages: one definition for the build, the site, the schema and the tools.

French is the archive's source language; English is its first translation.
A record may be original in either (its ``language``). The site has one
folder per language of ``archive_languages`` (:mod:`communiques.core.config`),
whose default is :data:`LANGUAGES`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from sphinx.config import Config

#: the languages the archive is written and translated in, its source language first
LANGUAGES: tuple[str, ...] = ("fr", "en")

#: the language of the archive's own text (labels, pages, most records)
SOURCE_LANGUAGE = LANGUAGES[0]

#: what a record's ``language`` may be
Language = Literal["fr", "en"]

#: each language's name in itself, for links to it
LANGUAGE_NAMES: dict[str, str] = {"fr": "Français", "en": "English"}


def build_language(config: Config) -> str:
    """The language of the running build (``-D language=en``), the source language by default."""
    return config.language or SOURCE_LANGUAGE


def name_of(language: str) -> str:
    """A language's name in itself (its code when the archive has no name for it)."""
    return LANGUAGE_NAMES.get(language, language)


def language_name(code: str, language: str) -> str:
    """*code*'s name in *language*, capitalised: ``fr`` is ``Français`` in French, ``French`` in English."""
    from babel import Locale

    name = Locale.parse(language).languages.get(code, code)
    return name[:1].upper() + name[1:]
