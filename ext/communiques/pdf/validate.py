"""What the PDF templates are given, checked before Typst sees it.

A template places every string as text, so a release's text cannot run
anything (``common.typ``). A few values are used as more than text, and
Typst accepts some that an archive must not print: a ``javascript:`` link,
for one. They are checked here, each problem named by its place in the data:

- link targets (``link``, ``original_url``, ``permalink``): absolute
  ``http(s)://`` or ``mailto:`` addresses without spaces;
- languages (``lang``, ``original_lang``): ISO 639 codes;
- the release's ``id`` (a label in the year's PDF): a slug;
- ``issued``: an ISO date;
- block ``type``: one the templates know; ``level`` and ``start``: small
  whole numbers;
- every string: no control character (PDF/A text cannot carry them).
"""

from __future__ import annotations

import re
from typing import Any

_URL = re.compile(r"^(?:https?://[^\s/?#]+[^\s]*|mailto:[^\s]+)$", re.IGNORECASE)
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
BLOCK_TYPES = frozenset(
    {
        "heading",
        "paragraph",
        "list",
        "terms",
        "quote",
        "lines",
        "code",
        "table",
        "notice",
        "end-mark",
        "contacts",
        "history",
        "provenance",
    }
)
_URL_KEYS = frozenset({"link", "original_url", "permalink"})
_LANGUAGE_KEYS = frozenset({"lang", "original_lang"})
#: a heading's level, relative to its release; deeper sections are rare and Typst has six levels
_MAX_LEVEL = 6


class DataError(ValueError):
    """The data a template would be given is refused; the message says where and why."""


def problems(value: Any, where: str = "$") -> list[str]:
    """Every problem of *value*, each as ``<path>: <what is wrong>``."""
    found: list[str] = []
    _walk(value, where, found)
    return found


def check_data(value: Any) -> None:
    """Raise :class:`DataError` naming the first problems of *value*, if any."""
    found = problems(value)
    if found:
        shown = "; ".join(found[:5]) + (f" (and {len(found) - 5} more)" if len(found) > 5 else "")
        raise DataError(shown)


def _walk(value: Any, where: str, found: list[str]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            here = f"{where}.{key}"
            if key in _URL_KEYS and not (isinstance(item, str) and _URL.match(item)):
                found.append(f"{here}: not an absolute http(s) or mailto address: {item!r:.80}")
            elif key in _LANGUAGE_KEYS and not (isinstance(item, str) and _LANGUAGE.match(item)):
                found.append(f"{here}: not a language code: {item!r:.80}")
            elif key == "id" and not (isinstance(item, str) and _SLUG.match(item)):
                found.append(f"{here}: not an identifier (lowercase letters, digits, dashes): {item!r:.80}")
            elif key == "issued" and not (isinstance(item, str) and _DATE.match(item)):
                found.append(f"{here}: not a date (YYYY-MM-DD): {item!r:.80}")
            elif key == "type" and item not in BLOCK_TYPES:
                found.append(f"{here}: not a kind of block the templates know: {item!r:.80}")
            elif key in ("level", "start") and not (
                isinstance(item, int) and not isinstance(item, bool) and 0 <= item <= 10_000
            ):
                found.append(f"{here}: not a whole number: {item!r:.80}")
            elif key == "level" and item > _MAX_LEVEL:
                found.append(f"{here}: sections nested deeper than {_MAX_LEVEL} levels")
            _walk(item, here, found)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk(item, f"{where}[{index}]", found)
    elif isinstance(value, str):
        if _CONTROL.search(value):
            found.append(f"{where}: a control character, which PDF/A text cannot carry")
    elif value is not None and not isinstance(value, bool | int | float):
        found.append(f"{where}: not data ({type(value).__name__})")
