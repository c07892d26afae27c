"""Link mentions of recorded entities in running text, and spot unknown names.

Used by the importer on each paragraph (and list item) of a release:

- every name, alias, other name and acronym of every authority record is a
  form to find; the longest form wins where several start at one place, and
  a name followed by its own acronym (``Centre … (CEIMIA)``, ``…-OBVIA``)
  becomes one link;
- an agreement is also recognised by context: a sentence that says
  ``entente``/``protocole d'entente``/``accord`` and names the parties of
  exactly one recorded agreement of that type links the phrase that
  designates it (``l'entente d'une durée de trois ans entre …``);
- only the first mention of an entity in a paragraph is linked, text already
  inside a role, a link or code is never linked again (no double linking);
- capitalised names that match no record are returned as suggestions for
  new records.

Apostrophes match either form (' and ’), runs of spaces match any spacing,
and the first letter of a name of several words matches either case
(``ministère des Relations…`` is the ``Ministère des Relations…``); single
words and acronyms match exactly, so the alias ``Gouvernement`` does not
link every ``gouvernement``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from communiques.tools.authority import Authority, Entity

_APOSTROPHES = "'’"
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

_CAP_WORD = r"[A-ZÀ-ÖØ-Þ][\w-]*"
# Words that join the parts of one name (not "et"/"and", which join two names).
_CONNECTOR = r"(?:de|du|des|la|le|les|of|the)"
_CAPITALISED = re.compile(rf"(?<![\w-]){_CAP_WORD}(?:(?:\s+{_CONNECTOR})*(?:\s+|\s+[ld][’']){_CAP_WORD})*")
_HONORIFICS = frozenset("m mme mmes mm me dr pr mr mrs ms sir".split())
#: capitalised function words that start sentences rather than names
_FUNCTION_WORDS = frozenset(
    """le la les l un une des de du d au aux à ce cette ces il elle ils elles on nous vous
    je lors dans par pour sur avec en et mais ou donc car selon afin ainsi plus rappelons
    the a an in on of for and but this these that it we they our as at by to""".split()
)


def normal(text: str) -> str:
    """The key of a form: one apostrophe, single spaces, and case folded on the
    first letter of names of several words."""
    text = " ".join(text.replace("’", "'").split())
    if " " in text:
        text = text[:1].lower() + text[1:]
    return text


def _pattern(form: str) -> str:
    several_words = " " in form.strip()
    out: list[str] = []
    previous_space = False
    for index, char in enumerate(form.strip()):
        if char.isspace():
            if not previous_space:
                out.append(r"\s+")
            previous_space = True
            continue
        previous_space = False
        if char in _APOSTROPHES:
            out.append("['’]")
        elif index == 0 and several_words and char.isalpha():
            out.append(f"[{re.escape(char.lower())}{re.escape(char.upper())}]")
        else:
            out.append(re.escape(char))
    return "".join(out)


@dataclass(frozen=True, order=True)
class Link:
    start: int
    end: int
    kind: str
    id: str


@dataclass(frozen=True)
class Linked:
    text: str  # the paragraph with its mentions marked as roles
    links: tuple[Link, ...]
    unknown: tuple[str, ...]  # capitalised names that match no record


class Linker:
    def __init__(self, authority: Authority) -> None:
        self.authority = authority
        by_form: dict[str, set[Entity]] = {}
        for entity in authority.entities:
            for form in entity.names:
                if form.strip():
                    by_form.setdefault(normal(form), set()).add(entity)
        #: forms that name one entity only; an ambiguous form links nothing
        self.forms: dict[str, Entity] = {
            key: next(iter(found)) for key, found in by_form.items() if len(found) == 1
        }
        #: family names of recorded people (``Mme Girault``), from their sort names
        self.surnames = {
            e.record.sort_name.split(",")[0].strip()
            for e in authority.of_kind("person")
            if e.record.sort_name
        }
        self.ambiguous = {key for key, found in by_form.items() if len(found) > 1}
        patterns = sorted(
            {_pattern(form) for e in authority.entities for form in e.names if form.strip()},
            key=len,
            reverse=True,
        )
        self._names = re.compile(r"(?<![\w])(?:" + "|".join(patterns) + r")(?![\w])") if patterns else None
        self._agreement_words = {
            kind: re.compile(rf"(?<![\w])[{word[0]}{word[0].upper()}]{word[1:]}(?![\w])")
            for kind, word in AGREEMENT_WORDS.items()
        }

    def entity_named(self, text: str, kind: str | None = None) -> Entity | None:
        """The entity of which *text* is exactly a form, if only one."""
        entity = self.forms.get(normal(text))
        if entity is None:
            # a single word written in capitals (GOUVERNEMENT) or lowercase
            entity = next(
                (e for key, e in self.forms.items() if key.casefold() == normal(text).casefold()), None
            )
        if entity is not None and kind is not None and entity.kind != kind:
            return None
        return entity

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
        return Linked("".join(out), tuple(chosen), tuple(self._unknown(text, taken)))

    def _name_matches(self, text: str) -> list[Link]:
        if self._names is None:
            return []
        found: list[Link] = []
        for match in self._names.finditer(text):
            entity = self.forms.get(normal(match.group()))
            if entity is None:
                continue
            end = match.end()
            for acronym in entity.acronyms:
                if match.group() == acronym:
                    continue
                after = re.match(
                    rf"\s*\(\s*{re.escape(acronym)}\s*\)|-{re.escape(acronym)}(?![\w])", text[end:]
                )
                if after:
                    end += after.end()
                    break
            found.append(Link(match.start(), end, entity.kind, entity.id))
        return found

    def _agreements_by_context(self, text: str) -> list[Link]:
        agreements = list(self.authority.of_kind("agreement"))
        if not agreements:
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
                        for a in agreements
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
            while words and words[0].casefold().rstrip(".") in _FUNCTION_WORDS | _HONORIFICS:
                words.pop(0)
            while words and words[-1].casefold() in _FUNCTION_WORDS:
                words.pop()
            if not words:
                continue
            name = " ".join(words)
            at_sentence_start = start == 0 or re.search(r"(?:^|[.!?:»–-])\s*[«\"(]?$", text[:start])
            if len(words) == 1 and at_sentence_start and not name.isupper():
                continue
            if len(name) < 2 or normal(name) in self.forms or name in self.surnames:
                continue
            names.append(name)
        return names


def count_unknown(results: list[Linked]) -> Counter[str]:
    """How often each unknown name occurs across paragraphs."""
    counts: Counter[str] = Counter()
    for result in results:
        counts.update(result.unknown)
    return counts
