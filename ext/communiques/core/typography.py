"""Typography of the text the archive generates: one step for every label and sentence.

In French a space goes before ``: ; ! ?`` and inside ``« »``, and it must
never break: following the *Lexique des règles typographiques en usage à
l'Imprimerie nationale*, a no-break space (U+00A0) before ``:`` and ``»`` and
after ``«``, a narrow no-break space (U+202F) before ``; ! ?``.

Two uses, one set of rules (:data:`SPACE_BEFORE`, :data:`SPACE_AFTER`):

* **generated text** (labels, sentences made of labels and names,
  separators): :func:`typeset` gives it the spaces French asks for, adding a
  missing one (``Sigle:`` reads ``Sigle :``). Every label passes through it
  when it is looked up (:mod:`communiques.core.labels`), in the language the
  label is in; English text is left as it is;
* **record text**, kept as printed: only spaces already there are made
  unbreakable (:func:`french_spacing`, applied to the pages of French builds
  by :mod:`communiques.pages.typography`); a missing one is not added.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
NNBSP = "\u202f"

#: the no-break space each character asks for, before it
SPACE_BEFORE = {":": NBSP, "»": NBSP, ";": NNBSP, "!": NNBSP, "?": NNBSP}
#: and after it
SPACE_AFTER = {"«": NBSP}

#: a character of SPACE_BEFORE that ends a word or a phrase (followed by a space, a
#: closing mark or the end; not ``https://``, ``10:30`` or ``?q=``), with the spaces before it
_BEFORE = re.compile(r"[ \u00a0\u202f]*([:;!?»])(?=[\s»)\]}.,]|$)")
_AFTER = re.compile(r"(«)[ \u00a0\u202f]*")


def typeset(text: str, language: str) -> str:
    """Generated *text* (a label, a sentence of labels and names) with *language*'s spacing.

    French: every ``: ; ! ? »`` that closes a phrase gets its no-break space
    (replacing an ordinary one, or added), and so does every ``«``. Other
    languages: unchanged. Placeholders (``{count}``) are text like any other.
    """
    if language != "fr" or not text:
        return text
    text = _BEFORE.sub(lambda m: SPACE_BEFORE[m.group(1)] + m.group(1), text)
    return _AFTER.sub(lambda m: m.group(1) + SPACE_AFTER[m.group(1)], text)


def french_spacing(text: str) -> str:
    """*text* with the spaces French punctuation needs made unbreakable, none added.

    For text kept as printed (records): one character replaced by one, so
    every offset is kept.
    """
    chars = list(text)
    for index, char in enumerate(chars):
        if char != " ":
            continue
        before = chars[index - 1] if index else ""
        after = chars[index + 1] if index + 1 < len(chars) else ""
        if after in SPACE_BEFORE:
            chars[index] = SPACE_BEFORE[after]
        elif before in SPACE_AFTER:
            chars[index] = SPACE_AFTER[before]
    return "".join(chars)
