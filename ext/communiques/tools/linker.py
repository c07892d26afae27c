"""Link mentions of recorded entities in running text, and spot unknown names.

Used by the importer on each paragraph (and list item) of a release:

- every form of every authority record is found however the release writes
  it (:mod:`communiques.tools.names`: case, accents, dashes, apostrophes,
  translations from the catalogs); the longest form wins where several start
  at one place, and a name followed by its own acronym (``Centre …
  (CEIMIA)``, ``…-OBVIA``) becomes one link; a long form the archive does not
  know, followed by a recorded acronym in brackets (``Organisation
  internationale de la Francophonie (OIF)``), is linked with it and
  suggested as an alias;
- an agreement is also recognised by context: a sentence that says
  ``entente``/``protocole d'entente``/``accord`` and names the parties of
  exactly one recorded agreement of that type links the phrase that
  designates it (``l'entente d'une durée de trois ans entre …``);
- only the first mention of an entity in a paragraph is linked, text already
  inside a role, a link or code is never linked again (no double linking);
- capitalised names that match no record are returned as candidates for
  new records, less those that the sentence shows are not entities: a piece
  of a post (``ministre des Relations internationales``), a place after a
  preposition of place (``à Montréal``); and later the abbreviation of a common noun
  (``intelligence artificielle (IA)``: :mod:`communiques.tools.suggestions`,
  which sifts them further).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from communiques.core.posts import fold
from communiques.tools.names import NameIndex

if TYPE_CHECKING:
    from communiques.tools.authority import Authority, Entity

#: spans never linked into: roles, inline code, Markdown links and autolinks, URLs
_PROTECTED = re.compile(
    r"\{[\w:-]+\}`[^`]*`|`[^`]*`|!?\[[^\]]*\]\([^)]*\)|<[^>\s]+>|https?://\S+|\S+@\S+\.\w+"
)
_SENTENCE_END = re.compile(r"(?<=[.!?»])\s+(?=[«\"(]?[A-ZÀ-ÖØ-Þ])")
#: the words that name an agreement of each type, as a release writes them
AGREEMENT_WORDS: dict[str, str] = {
    "protocole-d-entente": r"protocole\s+d['’]entente",
    "entente": r"entente",
    "accord": r"accord",
}
#: where the phrase designating an agreement stops
_PHRASE_END = re.compile(r"\s+(?:entre|avec|between|with|qui|that|dont)\s|[,;:.()«»]")
_MAX_PHRASE = 80

# A capitalised word, with what joins it to the next part of a compound (Rouyn–Noranda, Val-d’Or).
_CAP_WORD = r"[A-ZÀ-ÖØ-Þ](?:[\w\-‐‑–—]|['’](?=[A-ZÀ-ÖØ-Þ]))*"
# Words that join the parts of one name (not "et"/"and", which join two names).
_CONNECTOR = r"(?:de|du|des|la|le|les|of|the)"
_CAPITALISED = re.compile(rf"(?<![\w-]){_CAP_WORD}(?:(?:\s+{_CONNECTOR})*(?:\s+|\s+[ld][’']){_CAP_WORD})*")
_ELIDED = re.compile(r"^[LlDdQq]u?['’](?=[A-ZÀ-ÖØ-Þ])")
_HONORIFICS = frozenset("m mme mmes mm me dr pr mr mrs ms sir".split())
#: capitalised function words that start sentences rather than names
_FUNCTION_WORDS = frozenset(
    """le la les l un une des de du d au aux à ce cette ces il elle ils elles on nous vous
    je lors dans par pour sur avec en et mais ou donc car selon afin ainsi plus rappelons
    the a an in on of for and but this these that it we they our as at by to""".split()
)
#: words that open a post: what follows them, up to the name, is a piece of the post
TITLE_WORDS = frozenset(
    """ministre ministres ministère ministères secrétaire sous-ministre député députée président
    présidente vice-président vice-présidente directeur directrice attaché attachée conseiller
    conseillère porte-parole recteur rectrice maire mairesse commissaire délégué déléguée chef
    titulaire premier première adjoint adjointe minister ministers ministry secretary president
    director adviser advisor attaché deputy mayor commissioner chair chairman chairwoman
    spokesperson premier""".split()
)
#: the first word of an organisation's name, which may go on in lowercase (``Société de développement…``)
ORGANISATION_WORDS = frozenset(
    """université fondation ministère chaire centre institut observatoire conseil office société agence
    secrétariat commission bureau école organisation régie association""".split()
)
_NAME_GOES_ON = re.compile(r"(?:\s+(?:[^\W\d_]+['’]?|[dl]['’][^\W\d_]+)){1,10}")
_NAME_STOPS = frozenset(
    """a à au aux est sont sera seront était annonce annoncent qui que dont avec pour par dans sur afin
    selon lors has have is are will who which that with for""".split()
)
#: a name written after one of these, lowercase, is the name of an organisation (``université de Laval``)
_ORGANISATION_BEFORE = re.compile(
    r"(?<![\w-])(?:université|fondation|ministère|chaire|centre|institut|observatoire|conseil|office|"
    r"société|agence|secrétariat|commission|bureau|école|cabinet|organisation|university|foundation|"
    r"ministry|institute|agency|council)\s+(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’]|of\s+(?:the\s+)?)?$"
)
#: a capitalised word after one of these is a place (``à Montréal``, ``in Paris``)
_PLACE_BEFORE = re.compile(
    r"(?:^|[\s(])(?:à|au|aux|en|in|at|from|(?:région|ville|province|city|region) (?:de|du|of))\s+$",
    re.IGNORECASE,
)
_BACK_STOP = re.compile(r"[.;:!?«»()\[\]]")
_BACK_WORDS = 16


@dataclass(frozen=True, order=True)
class Link:
    start: int
    end: int
    kind: str
    id: str
    #: the long form the release writes before the entity's acronym, when the archive does not know it
    alias: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Linked:
    text: str  # the paragraph with its mentions marked as roles
    links: tuple[Link, ...]
    unknown: tuple[str, ...]  # capitalised names that match no record
    #: long forms written before a recorded acronym, by the entity they name: aliases to add
    aliases: tuple[tuple[str, Entity], ...] = ()


class Linker:
    def __init__(self, authority: Authority) -> None:
        self.authority = authority
        self.index = NameIndex()
        #: family names of recorded people (``Mme Girault``), from their sort names
        self.surnames: set[str] = set()
        self._agreements: list[Entity] = []
        for entity in authority.entities:
            self.add(entity)
        self._agreement_words = {
            kind: re.compile(rf"(?<![\w])[{word[0]}{word[0].upper()}]{word[1:]}(?![\w])")
            for kind, word in AGREEMENT_WORDS.items()
        }

    def add(self, entity: Entity) -> None:
        """Know *entity* from now on (import adds the drafts it writes)."""
        for form in entity.names:
            if form.strip():
                self.index.add(entity, form)
        sort_name = getattr(entity.record, "sort_name", None)
        if entity.kind == "person" and sort_name:
            self.surnames.add(sort_name.split(",")[0].strip())
        if entity.kind == "agreement":
            self._agreements.append(entity)

    def entity_named(self, text: str, kind: str | None = None) -> Entity | None:
        """The entity of which *text* is exactly a form, if only one."""
        found = self.index.named(text, kind)
        return next(iter(found)) if len(found) == 1 else None

    def link(self, text: str) -> Linked:
        """*text* (one paragraph) with the first mention of each entity linked."""
        protected = [m.span() for m in _PROTECTED.finditer(text)]
        candidates = self._name_matches(text) + self._agreements_by_context(text)
        chosen: list[Link] = []
        seen: set[tuple[str, str]] = set()
        taken: list[tuple[int, int]] = list(protected)
        for link in sorted(candidates, key=lambda c: (c.start, -(c.end - c.start))):
            if any(link.start < end and start < link.end for start, end in taken):
                continue
            taken.append((link.start, link.end))
            if (link.kind, link.id) in seen:
                continue  # a later mention in the same paragraph stays text
            shown = text[link.start : link.end]
            if "`" in shown or "<" in shown:
                continue
            seen.add((link.kind, link.id))
            chosen.append(link)
        aliases = [(link.alias, entity) for link in chosen if link.alias and (entity := self._entity(link))]
        out: list[str] = []
        last = 0
        for link in chosen:
            shown = " ".join(text[link.start : link.end].split())
            before = text[last : link.start]
            if before.endswith("'"):
                # Smartquotes cannot see across the start of a role: l'{org}`…`
                # would read “l”…”. The typographic apostrophe reads right.
                before = before[:-1] + "’"
            out.append(before)
            out.append(f"{{{link.kind}}}`{shown} <{link.id}>`")
            last = link.end
        out.append(text[last:])
        return Linked("".join(out), tuple(chosen), tuple(self._unknown(text, taken)), tuple(aliases))

    def _entity(self, link: Link) -> Entity | None:
        return self.authority.get(link.kind, link.id)

    def _name_matches(self, text: str) -> list[Link]:
        found: list[Link] = []
        for start, end, entities in self.index.find(text):
            if len(entities) != 1:
                continue  # a form of several records links none of them
            entity = next(iter(entities))
            shown = text[start:end]
            if shown in entity.acronyms or shown.isupper():
                long_form = _long_form_before(text, start, shown)
                written = text[long_form:start].strip(" (") if long_form is not None else ""
                if long_form is not None and entity not in self.index.named(written):
                    found.append(Link(long_form, _after_bracket(text, end), entity.kind, entity.id, written))
                    continue
            for acronym in _acronyms(entity):
                if shown == acronym:
                    continue
                after = re.match(
                    rf"\s*\(\s*{re.escape(acronym)}\s*\)|[-–—]{re.escape(acronym)}(?![\w])", text[end:]
                )
                if after:
                    end += after.end()
                    break
            found.append(Link(start, end, entity.kind, entity.id))
        return found

    def _agreements_by_context(self, text: str) -> list[Link]:
        if not self._agreements:
            return []
        found: list[Link] = []
        offset = 0
        for sentence in _SENTENCE_END.split(text):
            start_of_sentence = text.index(sentence, offset)
            offset = start_of_sentence + len(sentence)
            named = {link.id for link in self._name_matches(sentence) if link.kind == "org"}
            for kind, word in self._agreement_words.items():
                for match in word.finditer(sentence):
                    fitting = [
                        a
                        for a in self._agreements
                        if a.record.type == kind
                        and len(a.record.parties) >= 2
                        and {p.org for p in a.record.parties} <= named
                    ]
                    if len(fitting) != 1:
                        continue
                    rest = sentence[match.end() : match.end() + _MAX_PHRASE]
                    stop = _PHRASE_END.search(rest)
                    end = match.end() + (stop.start() if stop else 0)
                    found.append(
                        Link(
                            start_of_sentence + match.start(),
                            start_of_sentence + end,
                            "agreement",
                            fitting[0].id,
                        )
                    )
        return found

    def _unknown(self, text: str, taken: list[tuple[int, int]]) -> list[str]:
        names: list[str] = []
        for match in _CAPITALISED.finditer(text):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            words = match.group().split()
            words[0] = _ELIDED.sub("", words[0])  # L’IA, D’Ottawa: the article is not part of the name
            while words and words[0].casefold().rstrip(".") in _FUNCTION_WORDS | _HONORIFICS:
                words.pop(0)
            while words and words[-1].casefold() in _FUNCTION_WORDS:
                words.pop()
            if not words:
                continue
            name = " ".join(words)
            lowercase_head = _ORGANISATION_BEFORE.search(text[max(0, start - 40) : start])
            if lowercase_head is not None and words[0] == match.group().split()[0]:
                name = f"{lowercase_head.group()}{name}"
                if self.entity_named(name) is None:
                    names.append(name)
                continue
            at_sentence_start = start == 0 or re.search(r"(?:^|[.!?:»–#-])\s*[«\"(]?$", text[:start])
            if len(words) == 1 and at_sentence_start and not name.isupper():
                continue
            if len(name) < 2 or self.entity_named(name) is not None or self.index.named(name):
                continue
            if name in self.surnames or words[0].casefold() in TITLE_WORDS:
                continue
            if words[0].casefold() in ORGANISATION_WORDS and len(words) == 1:
                long_name = _organisation_name(text, start + match.group().find(words[0]))
                if long_name and not self.index.named(long_name):
                    names.append(long_name)
                continue
            name_start = start + match.group().find(words[0])
            if _in_a_post(text, name_start) or (len(words) == 1 and _after_place_word(text, name_start)):
                continue
            names.append(name)
        return names


def _long_form_before(text: str, start: int, acronym: str) -> int | None:
    """Where a long form written before ``(ACRONYM)`` starts, if the text has one."""
    before = text[:start]
    if not re.search(r"\(\s*$", before):
        return None
    head = before.rstrip(" (")
    words = list(re.finditer(r"[^\s]+", head))[-_BACK_WORDS:]
    for match in reversed(words):
        word = match.group().lstrip('«"(').split("'")[-1].split("’")[-1]
        if _BACK_STOP.search(match.group()) or match.group().endswith(","):
            return None
        if word[:1].isupper() and fold(word[:1]) == fold(acronym[:1]) and match.start() < len(head):
            offset = match.start() + (len(match.group()) - len(word))
            return offset if len(head[offset:].split()) >= 2 else None
    return None


def _acronyms(entity: Entity) -> list[str]:
    """Its acronyms in every language (``PMIA``, ``GPAI``): short forms in capitals."""
    return [form for form in entity.names if form.isupper() and " " not in form and len(form) <= 12]


def _after_bracket(text: str, end: int) -> int:
    closing = re.match(r"\s*\)", text[end:])
    return end + closing.end() if closing else end


def _organisation_name(text: str, start: int) -> str | None:
    """``Société de développement des entreprises culturelles``: a name, up to where it stops."""
    head = re.match(r"[^\W\d_]+", text[start:])
    if head is None:
        return None
    words = [head.group()]
    following = _NAME_GOES_ON.match(text, start + head.end())
    for word in following.group().split() if following else []:
        if word.casefold() in _NAME_STOPS:
            break
        words.append(word)
    while len(words) > 1 and fold(words[-1]).split("'")[-1] in _FUNCTION_WORDS | {"et", "and"}:
        words.pop()
    return " ".join(words) if len(words) > 1 else None


def _in_a_post(text: str, start: int) -> bool:
    """Whether the words before *start*, back to a title word, read as a post (``ministre des …``)."""
    words = re.findall(r"[^\s]+", text[max(0, start - 400) : start])[-_BACK_WORDS:]
    for word in reversed(words):
        if _BACK_STOP.search(word):
            return False
        bare = word.strip(",").split("'")[-1].split("’")[-1].casefold().rstrip(".")
        if bare in _HONORIFICS:
            return False
        if bare in TITLE_WORDS:
            return True
    return False


def _after_place_word(text: str, start: int) -> bool:
    return bool(_PLACE_BEFORE.search(text[max(0, start - 30) : start]))


def count_unknown(results: list[Linked]) -> Counter[str]:
    """How often each unknown name occurs across paragraphs."""
    counts: Counter[str] = Counter()
    for result in results:
        counts.update(result.unknown)
    return counts
