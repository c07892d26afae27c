"""Read the dateline of a release: ``Québec, le 25 juin 2020.`` or ``OTTAWA, June 25, 2020``.

The place is what comes before the part that names a month (``GATINEAU,
QC, le 3 mai 2021``: ``GATINEAU, QC``); the date is parsed by
dateutil with the month names of French and English taken from Babel's
locale data (wide and abbreviated forms, ``juil.`` as well as ``juillet``),
so ``le 1er août 2020``, ``25 juin 2020``, ``June 25, 2020`` and
``25 June 2020`` all read. The language of the month name tells the
language of the release.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from babel.dates import get_month_names
from dateutil import parser

from communiques.core.languages import LANGUAGES

# French ordinals of the first day (1er) and the article before the day.
_ORDINAL = re.compile(r"\b1\s*(?:er|ᵉʳ)\b", re.IGNORECASE)
_MARKUP = re.compile(r"[*_~]+")
#: a newswire's mark after the date: ``June 25, 2020 /CNW/``
_WIRE = re.compile(r"/\s*[A-Z][\w .-]*/")


class _MonthNames(parser.parserinfo):
    """dateutil's parser info for one language's month names, from Babel."""

    def __init__(self, language: str) -> None:
        wide = get_month_names("wide", locale=language)
        short = get_month_names("abbreviated", locale=language)
        self.MONTHS = [
            tuple(dict.fromkeys([wide[m], short[m].rstrip("."), wide[m][:3]])) for m in range(1, 13)
        ]
        self.JUMP = [*parser.parserinfo.JUMP, "le", "the", "du"]
        super().__init__(dayfirst=language == "fr")


_INFOS = {language: _MonthNames(language) for language in LANGUAGES}
#: a year that cannot be guessed, to detect a date written without one
_NO_YEAR = datetime(0o1, 1, 1)


@dataclass(frozen=True)
class Dateline:
    place: str
    date: date
    language: str


class DatelineError(ValueError):
    pass


def parse_date(text: str) -> tuple[date, str]:
    """The date written in *text* and the language of its month name."""
    cleaned = _ORDINAL.sub("1", _WIRE.sub("", _MARKUP.sub("", text))).strip().rstrip(".").strip()
    for language in LANGUAGES:
        if not _has_month(cleaned, language):
            continue
        try:
            parsed = parser.parse(cleaned, parserinfo=_INFOS[language], default=_NO_YEAR)
        except (ValueError, OverflowError) as exc:
            msg = f"`{cleaned}` is not a date ({exc})"
            raise DatelineError(msg) from exc
        if parsed.year == _NO_YEAR.year:
            msg = f"`{cleaned}` has no year"
            raise DatelineError(msg)
        return parsed.date(), language
    msg = f"`{cleaned}` names no month in French or English"
    raise DatelineError(msg)


def _has_month(text: str, language: str) -> bool:
    words = {w.casefold().rstrip(".") for w in re.findall(r"[^\W\d_]+\.?", text)}
    return any(words & {name.casefold() for name in names} for names in _INFOS[language].MONTHS)


def parse(text: str) -> Dateline:
    """``Québec, le 25 juin 2020.`` → place Québec, 2020-06-25, fr."""
    cleaned = _MARKUP.sub("", text).strip()
    parts = cleaned.split(",")
    if len(parts) < 2 or not parts[0].strip():
        msg = f"the dateline `{cleaned}` is not `Place, date` (e.g. `Québec, le 25 juin 2020.`)"
        raise DatelineError(msg)
    # The place may itself hold commas (``GATINEAU, QC, le 3 mai 2021``): it
    # is everything before the first part that names a month.
    cut = next(
        (
            cut
            for cut in range(len(parts) - 1, 0, -1)
            if any(_has_month(",".join(parts[cut:]), language) for language in LANGUAGES)
        ),
        1,
    )
    day, language = parse_date(",".join(parts[cut:]))
    return Dateline(",".join(parts[:cut]).strip(), day, language)
