"""Which unknown names deserve an archivist's attention, and what to do about each.

The linker hands over capitalised names that match no record. Most are not
entities at all: places (``France``, ``Paris``), months (``June``), the
abbreviation of a common noun (``intelligence artificielle (IA)``), words of
a post. What the archive already classifies is left out: the places of its
releases, the words of its recorded posts, the classes of its organisations;
with them the countries and cities Babel's locale data names, in French and
English, and a short list of Canadian places. What is left is suggested with
what to do: add it as an alias of the record it resembles, or create a record.
"""

from __future__ import annotations

import difflib
import re
import zoneinfo
from typing import TYPE_CHECKING

from babel import Locale
from babel.dates import get_day_names, get_month_names, get_timezone_location

from communiques.core import labels
from communiques.core.name_keys import WORD
from communiques.core.posts import fold
from communiques.core.schema import ORGANISATION_CLASSES
from communiques.tools.authority import FOLDERS

if TYPE_CHECKING:
    from collections import Counter
    from collections.abc import Iterable
    from collections.abc import Set as AbstractSet

    from communiques.tools.authority import Authority, Entity
    from communiques.tools.linker import Linked
    from communiques.tools.textreader import ReleaseText

LANGUAGES = ("fr", "en")
#: places Babel's data lacks that Québec's releases name often (its other cities come from the archive)
CANADIAN_PLACES = """Québec|Montréal|Gatineau|Sherbrooke|Trois-Rivières|Saguenay|Lévis|Laval|Longueuil|
Rimouski|Ottawa|Vancouver|Calgary|Edmonton|Winnipeg|Ontario|Alberta|Manitoba|Saskatchewan|
Colombie-Britannique|British Columbia|Nouveau-Brunswick|New Brunswick|Nouvelle-Écosse|Nova Scotia|
Île-du-Prince-Édouard|Prince Edward Island|Terre-Neuve-et-Labrador|Newfoundland and Labrador|Yukon|
Nunavut|Territoires du Nord-Ouest|Northwest Territories|Europe|Afrique|Amérique|Amériques|Asie|
Océanie|Africa|America|Americas|Asia|Oceania|Amérique du Nord|North America""".replace("\n", "").split("|")
_ABBREVIATION = re.compile(r"((?:[^\W\d_]+['’\s-]+){1,8})\(\s*([A-ZÀ-Ö]{2,8})\s*\)")
_STOP = frozenset("de du des la le les l d et en à au aux of the and for on in".split())
#: a suggestion this close to a known form (difflib's ratio, folded) is taken for it, written another way
CLOSE = 0.8


def gazetteer(extra: Iterable[str] = ()) -> set[str]:
    """Folded names of places: countries and cities from Babel, Canadian places, and *extra*."""
    places = {fold(p) for p in (*CANADIAN_PLACES, *extra) if p}
    zones = zoneinfo.available_timezones()
    for language in LANGUAGES:
        places |= {fold(name) for name in Locale(language).territories.values()}
        for zone in zones:
            try:
                places.add(fold(get_timezone_location(zone, locale=language, return_city=True)))
            except (LookupError, ValueError):
                continue
    return places


def calendar_words() -> set[str]:
    words: set[str] = set()
    for language in LANGUAGES:
        for width in ("wide", "abbreviated"):
            words |= {fold(m).rstrip(".") for m in get_month_names(width, locale=language).values()}
            words |= {fold(d).rstrip(".") for d in get_day_names(width, locale=language).values()}
    return words


class Suggester:
    """Sifts the unknown names of each release, and says what to do with those it keeps."""

    def __init__(self, authority: Authority, places: Iterable[str] = ()) -> None:
        self.authority = authority
        self.places = gazetteer(places)
        self.calendar = calendar_words()
        self.classes = {fold(str(labels.classification(code))) for code in ORGANISATION_CLASSES}
        self.post_text = " | ".join(
            fold(post) for e in authority.of_kind("person") for _a, posts in e.posts() for post in posts
        )
        self._forms: dict[str, Entity] | None = None

    def add_place(self, place: str) -> None:
        self.places.add(fold(place))

    def is_noise(self, name: str, abbreviations: AbstractSet[str] = frozenset()) -> bool:
        folded = fold(name)
        parts = [p for p in re.split(r"[-\s]+", folded) if p and p not in _STOP]
        if folded in self.places or (parts and all(p in self.places for p in parts)):
            return True
        if folded in self.calendar or folded in self.classes or name in abbreviations:
            return True
        # a word of a recorded post (``Relations``, ``Numérique``): the archive classifies it as a post's
        return bool(
            " " not in folded and re.search(rf"(?<![\w']){re.escape(folded)}(?![\w])", self.post_text)
        )

    def review(
        self, counts: Counter[str], results: list[Linked], release: ReleaseText
    ) -> tuple[Counter[str], dict[str, str]]:
        """*counts* without the noise, and advice for the long forms written before a recorded acronym."""
        text = "\n".join(
            [*release.body, *release.highlights, *(p for q in release.quotes for p in q["text"])]
        )
        abbreviations = {
            acronym for words, acronym in _ABBREVIATION.findall(text) if _initials(words, acronym)
        }
        self.add_place(release.place)
        kept = counts.copy()
        for name in list(kept):
            if self.is_noise(name, abbreviations):
                del kept[name]
        advice: dict[str, str] = {}
        for result in results:
            for form, entity in result.aliases:
                key = "aliases" if entity.kind != "person" else "other_names"
                advice[form] = f"add “{form}” to `{key}` in {_path(entity)} (it names {entity.name} there)"
                kept[form] += 1
        return kept, advice

    def advise(self, name: str) -> str:
        """What to do about *name*: an alias of the record it resembles, or a new record."""
        if self._forms is None:
            self._forms = {fold(form): e for e in self.authority.entities for form in e.names}
        folded = fold(name)
        close = difflib.get_close_matches(folded, list(self._forms), n=1, cutoff=CLOSE)
        entity = self._forms[close[0]] if close else self._contained(folded)
        if entity is not None:
            key = "aliases" if entity.kind != "person" else "other_names"
            return f"if it is {entity.name}, add “{name}” to `{key}` in {_path(entity)}"
        return (
            "if it is an organisation or a person, create source/organisations/<id>.md or "
            "source/people/<id>.md for it (copy a record there); otherwise ignore it"
        )

    def _contained(self, folded: str) -> Entity | None:
        """A record all of whose significant words are in *folded* (``université de Laval``)."""
        words = {w for w in WORD.findall(folded) if w not in _STOP}
        if len(words) < 2:  # two words at least, or any one word would do
            return None
        assert self._forms is not None
        found = {
            e
            for form, e in self._forms.items()
            if (own := {w for w in WORD.findall(form) if w not in _STOP}) and len(own) >= 2 and own <= words
        }
        return next(iter(found)) if len(found) == 1 else None


def _initials(words: str, acronym: str) -> bool:
    significant = [w for w in re.split(r"['’\s-]+", words.strip()) if w and fold(w) not in _STOP]
    tail = significant[-len(acronym) :]
    return (
        len(tail) == len(acronym)
        and all(w[:1].islower() for w in tail)
        and "".join(w[0] for w in tail).casefold() == acronym.casefold()
    )


def _path(entity: Entity) -> str:
    return f"source/{FOLDERS[entity.kind]}/{entity.id}.md"
