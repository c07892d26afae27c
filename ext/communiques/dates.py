"""Dates shown to readers, formatted for the build's language by Babel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from babel.dates import format_date

if TYPE_CHECKING:
    from datetime import date

    from sphinx.config import Config

SOURCE_LANGUAGE = "fr"


def build_language(config: Config) -> str:
    return config.language or SOURCE_LANGUAGE


def long_date(value: date, config: Config) -> str:
    """``25 juin 2020`` in French, ``June 25, 2020`` in English."""
    return format_date(value, format="long", locale=build_language(config))
