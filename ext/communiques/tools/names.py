"""Find the names of recorded entities in text, however a release writes them.

Every form the archive knows of an entity (its name, acronym, aliases, other
names, and their translations in every language's catalog) is indexed by its
sequence of words, folded (:func:`communiques.core.posts.fold`: case, accents,
dashes and apostrophes), so ``Abeona–ENS–OBVIA`` finds ``Abeona-ENS-OBVIA``
and ``l’Organisation de coopération…`` finds ``Organisation de coopération…``.
Text is read word by word and, at each word, the longest form that starts
there wins: a lookup per word and per word of the longest form, whatever the
number of records (a regular expression of every form grew with the archive).

A form of one word (``OCDE``, ``Gouvernement``) keeps its case, accents
aside: the alias ``Gouvernement`` of a letterhead must not link every
``gouvernement`` of a sentence. Between two words of a form, a release may
put spaces, one dash (``Canada-Québec``, ``Canada – Québec``), one
apostrophe, or the punctuation the form itself has there (a comma, a full stop).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from communiques.core.name_keys import MAX_WORDS, WORD, key_of, separator, strip_accents, words_of
from communiques.core.posts import fold

if TYPE_CHECKING:
    from collections.abc import Iterator

    from communiques.tools.authority import Entity


class NameIndex:
    """Every form of every entity, by its folded sequence of words."""

    def __init__(self) -> None:
        self.single: dict[str, set[Entity]] = {}
        self.multi: dict[str, set[Entity]] = {}
        #: every key of several words cut after each of its words: where a walk may go on
        self.prefixes: set[str] = set()

    def add(self, entity: Entity, form: str) -> None:
        found = key_of(form)
        if found is None:
            return
        key, several = found
        (self.multi if several else self.single).setdefault(key, set()).add(entity)
        if several:
            for match in WORD.finditer(key):
                self.prefixes.add(key[: match.end()])

    def named(self, text: str, kind: str | None = None) -> set[Entity]:
        """The entities of which *text* is exactly a form (one word: also in capitals or lowercase)."""
        found = key_of(text.strip())
        if found is None:
            return set()
        key, several = found
        if several:
            hits = self.multi.get(key, set())
        else:
            hits = self.single.get(key, set())
            if not hits:
                folded = key.casefold()
                hits = {e for k, group in self.single.items() if k.casefold() == folded for e in group}
        return {e for e in hits if kind is None or e.kind == kind}

    def find(self, text: str) -> Iterator[tuple[int, int, set[Entity]]]:
        """At each word of *text*, the longest form that starts there: (start, end, its entities)."""
        spans = words_of(text)
        for i, (start, end) in enumerate(spans):
            best: tuple[int, set[Entity]] | None = None
            single = self.single.get(strip_accents(text[start:end]))
            if single:
                best = (end, single)
            key = fold(text[start:end])
            for j in range(i + 1, min(len(spans), i + MAX_WORDS)):
                if key not in self.prefixes:
                    break
                joint = separator(text[spans[j - 1][1] : spans[j][0]])
                if joint is None:
                    break
                key += joint + fold(text[spans[j][0] : spans[j][1]])
                hits = self.multi.get(key)
                if hits:
                    best = (spans[j][1], hits)
            if best is not None:
                yield start, best[0], best[1]
