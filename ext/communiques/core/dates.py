"""Dates shown to readers, formatted for the build's language by Babel."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from babel.dates import format_date

from communiques.core.languages import build_language

if TYPE_CHECKING:
    from datetime import date

    from sphinx.config import Config


def long_date(value: date, config: Config) -> str:
    """``25 juin 2020`` and ``1er juin 2020`` in French, ``June 25, 2020`` in English."""
    return _long_date(value, build_language(config))


# Listings print the same few thousand dates again and again (each release on
# its year page, the home page and every entity page that lists it), and
# Babel takes about 0.1 ms to format one: a twentieth of a page's writing.
@lru_cache(maxsize=65536)
def _long_date(value: date, language: str) -> str:
    text = format_date(value, format="long", locale=language)
    if value.day == 1 and language.split("_")[0].split("-")[0] == "fr" and text.startswith("1 "):
        # French writes the first of the month as an ordinal (« le 1er juin »);
        # CLDR's long pattern (d MMMM y) has no ordinals, so Babel prints « 1 juin ».
        text = "1er" + text[1:]
    return text
