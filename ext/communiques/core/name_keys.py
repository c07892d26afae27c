"""The key by which a name is known, however a release writes it: one for ``import`` and ``check``.

A form of one word (``OCDE``, ``Gouvernement``) keeps its case, accents
aside; a form of several is folded (:func:`communiques.core.posts.fold`:
case, accents, dashes, apostrophes), and between two of its words only
spaces, one dash, one apostrophe or the punctuation a name holds there may
stand. The importer indexes names by this key
(:mod:`communiques.tools.names`) and the archive's rule that an acronym or
alias names one entity (:mod:`communiques.archive.identity`) compares by it,
so that what the rule accepts the importer can link.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

from communiques.core.posts import APOSTROPHES, DASHES, fold

WORD = re.compile(r"[^\W_]+")
#: punctuation a name may hold between two words (``Ministère de l'Économie, de l'Innovation``)
KEPT = frozenset({",", ".", "&", "/", "+", ".-", "(", ")"})
#: a form longer than this many words is not indexed (no real name is)
MAX_WORDS = 24


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def separator(text: str) -> str | None:
    """What joins two words of a name: a space, a dash or an apostrophe; None for anything else."""
    stripped = text.strip()
    if not stripped:
        return " " if text else ""
    if len(stripped) == 1 and stripped in DASHES:
        return "-"
    if len(stripped) == 1 and stripped in APOSTROPHES:
        return "'"
    if stripped in KEPT:
        return stripped
    return None


def words_of(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in WORD.finditer(text)]


def key_of(form: str) -> tuple[str, bool] | None:
    """The index key of *form* and whether it has several words (None if it cannot be indexed)."""
    spans = words_of(form)
    if not spans or len(spans) > MAX_WORDS:
        return None
    if len(spans) == 1:
        return strip_accents(form[spans[0][0] : spans[0][1]]), False
    key = fold(form[spans[0][0] : spans[0][1]])
    for (_s0, end), (start, stop) in itertools.pairwise(spans):
        joint = separator(form[end:start])
        if joint is None:
            return None
        key += joint + fold(form[start:stop])
    return key, True
