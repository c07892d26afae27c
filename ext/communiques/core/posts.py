"""Does a post printed in a release name a post the person held? One answer for the build and ``import``.

Releases print posts in their own way: capitalised or not (``Attaché de
presse``, ``attaché de presse``), with either apostrophe or dash, with or
without accents, and a minister with two portfolios gets both in one line
(``ministre des Relations internationales et de la Francophonie et ministre
de l'Immigration, de la Francisation et de l'Intégration``). A printed post
matches when, once folded (:func:`fold`), it is made of recorded posts and
nothing else but the words that join them (``et``, ``and``, commas, an
article).
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

#: every dash a release may print, and every apostrophe
DASHES = "-‐‑‒–—―−"
APOSTROPHES = "'’ʼ‘`´"
_TRANSLATE = str.maketrans({**dict.fromkeys(DASHES, "-"), **dict.fromkeys(APOSTROPHES, "'")})
#: what may join two posts in one printed line
_JOINERS = frozenset("et and , ; & la le l' les the".split())
_WORD = re.compile(r"[^\W_]+'?|[,;&]")


def fold(text: str) -> str:
    """Case, accents, dashes, apostrophes and spacing folded: the key to compare names and posts."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLATE).casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.split())


def post_matches(printed: str, posts: Iterable[str]) -> bool:
    """Whether *printed* names one or several of *posts* (and nothing else)."""
    rest = fold(printed).strip(" .")
    if not rest:
        return True
    found = False
    for post in sorted({fold(p).strip(" .") for p in posts}, key=len, reverse=True):
        if not post:
            continue
        pattern = re.compile(rf"(?<![\w']){re.escape(post)}(?![\w])")
        rest, count = pattern.subn(" ", rest)
        found = found or count > 0
    return found and all(word in _JOINERS for word in _WORD.findall(rest))
