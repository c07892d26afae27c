"""Topics a release's text is about, suggested from the vocabulary's names and aliases.

For the import (``python -m communiques import``): given the plain text of a
release and the archive's topics (:func:`communiques.tools.authority.load`),
:func:`suggest_topics` says which topics the text names, most named first,
for the archivist to confirm in the record's ``topics``::

    from communiques.tools import authority
    from communiques.tools.topic_suggestions import suggest_topics

    topics = authority.load(Path("source")).of_kind("topic")
    [s.id for s in suggest_topics(text, topics)]   # ['intelligence-artificielle', 'recherche']

A name matches as whole words, whatever the case and the accents
(« numerique » matches « Numérique »), after an elision (« l’intelligence
artificielle ») and in the plural (« universités » for « université »). An
acronym (a name in capitals, « IA ») matches only in capitals, so that a
word such as « ia » in another language does not. Nothing is suggested for
a name shorter than two letters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from communiques.tools.authority import Entity

#: the longest text looked at, in characters (a release is a few thousand; a hostile file may be huge)
MAX_TEXT = 1_000_000


@dataclass(frozen=True)
class Suggestion:
    """A topic the text names: its id, its name, how often and in which forms."""

    id: str
    name: str
    count: int
    forms: tuple[str, ...]


def folded(text: str) -> str:
    """*text* without accents or case, typographic apostrophes as ASCII ones."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 6


def pattern(name: str) -> re.Pattern[str] | None:
    """What matches *name* as whole words (in the folded text, or as written for an acronym)."""
    words = (name if is_acronym(name) else folded(name)).split()
    if not words or len("".join(words)) < 2:
        return None
    # Words of the name in order, any spaces between them; a plural s or x after each word.
    plural = "" if is_acronym(name) else "(?:s|x)?"
    body = r"\s+".join(re.escape(word) + plural for word in words)
    return re.compile(rf"(?<![\w-]){body}(?![\w-])")


def suggest_topics(text: str, topics: Iterable[Entity]) -> list[Suggestion]:
    """The topics whose name or an alias appears in *text*, most named first (then by id)."""
    text = text[:MAX_TEXT]
    plain = folded(text)
    found: list[Suggestion] = []
    for topic in topics:
        count = 0
        forms: list[str] = []
        for name in topic.names:
            compiled = pattern(name)
            if compiled is None:
                continue
            matches = len(compiled.findall(text if is_acronym(name) else plain))
            if matches:
                count += matches
                forms.append(name)
        if count:
            found.append(Suggestion(topic.id, topic.name, count, tuple(forms)))
    return sorted(found, key=lambda s: (-s.count, s.id))
