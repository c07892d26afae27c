"""Import again without losing an archivist's edits: a three-way merge of records.

Each import keeps what it produced beside the original
(``source/originals/<id>.last-import``). Importing the release again then
has three versions: that *base*, the record as it is now (*mine*: the
archivist's edits) and the new import (*theirs*: the text read again, maybe
with more entities recorded). What changed in only one of them since the base
is taken from it; what changed the same way in both is taken once; what
changed differently in both is a conflict, and nothing is written unless the
archivist chose whose version wins (``--keep-mine`` or ``--replace``).

The units are the front matter's top-level keys and the body's blocks
(paragraphs and directive lines, split at blank lines): an archivist who
corrects a paragraph and an import that links a new name in another
paragraph do not collide.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

import yaml

from communiques.core import frontmatter
from communiques.tools.record import dump_front_matter


@dataclass(frozen=True)
class Merged:
    text: str
    #: keys and blocks changed both in the record and by the import, differently
    conflicts: tuple[str, ...]
    #: keys and blocks the archivist changed that were kept
    kept: int


def split(text: str) -> tuple[dict[str, Any], list[str]]:
    """Front matter (as data) and body blocks of a record."""
    found = frontmatter.split(text)
    if found is None:
        return {}, _blocks(text)
    matter = frontmatter.read(text)
    body = "\n".join(text.split("\n")[found[1] + 1 :])
    return dict(matter.data), _blocks(body)


def _blocks(body: str) -> list[str]:
    return [block.strip("\n") for block in body.strip("\n").split("\n\n") if block.strip()]


def _same(a: Any, b: Any) -> bool:
    # Dates read from a record are text; those of a new import too (both go through YAML).
    return yaml.safe_dump(a, allow_unicode=True) == yaml.safe_dump(b, allow_unicode=True)


def merge(base: str, mine: str, theirs: str, *, prefer: str | None = None) -> Merged:
    """Merge *theirs* (a new import) into *mine* (the record), *base* being the last import.

    *prefer*: ``"mine"`` or ``"theirs"`` settles conflicts; None leaves them reported.
    """
    base_front, base_body = split(base)
    mine_front, mine_body = split(mine)
    theirs_front, theirs_body = split(theirs)
    conflicts: list[str] = []
    kept = 0
    front: dict[str, Any] = {}
    keys = list(dict.fromkeys([*theirs_front, *mine_front]))
    for key in keys:
        in_base, in_mine, in_theirs = key in base_front, key in mine_front, key in theirs_front
        b, m, t = base_front.get(key), mine_front.get(key), theirs_front.get(key)
        mine_changed = in_mine != in_base or (in_mine and not _same(m, b))
        theirs_changed = in_theirs != in_base or (in_theirs and not _same(t, b))
        if mine_changed and theirs_changed and not (in_mine == in_theirs and _same(m, t)):
            conflicts.append(f"front matter `{key}`")
            use_mine = prefer == "mine"
        else:
            use_mine = mine_changed
        kept += mine_changed and use_mine
        if use_mine and in_mine:
            front[key] = m
        elif not use_mine and in_theirs:
            front[key] = t
    body, body_conflicts, body_kept = merge_blocks(base_body, mine_body, theirs_body, prefer=prefer)
    conflicts += body_conflicts
    text = dump_front_matter(front) + "\n\n" + "\n\n".join(body) + "\n"
    return Merged(text, tuple(conflicts), kept + body_kept)


def merge_blocks(
    base: list[str], mine: list[str], theirs: list[str], *, prefer: str | None = None
) -> tuple[list[str], list[str], int]:
    """diff3 on blocks: base blocks that both sides kept in place (changed or not) anchor the merge.

    A block changed on one side only takes that side's version, even when the
    other side changed the next block; runs of added or removed blocks between
    anchors are merged as a whole.
    """
    mine_map = _matches(base, mine)
    theirs_map = _matches(base, theirs)
    out: list[str] = []
    conflicts: list[str] = []
    kept = 0
    b0 = m0 = t0 = 0

    def settle(b_part: list[str], m_part: list[str], t_part: list[str]) -> None:
        nonlocal kept
        if m_part == b_part:
            out.extend(t_part)
        elif t_part in (b_part, m_part):
            out.extend(m_part)
            kept += 1
        else:
            conflicts.append(f"body, block {len(out) + 1}: “{_shown(m_part or b_part)}”")
            out.extend(m_part if prefer == "mine" else t_part)
            kept += prefer == "mine"

    anchors = [(i, mine_map[i], theirs_map[i]) for i in range(len(base)) if i in mine_map and i in theirs_map]
    for bi, mi, ti in anchors:
        if bi < b0 or mi < m0 or ti < t0:
            continue
        settle(base[b0:bi], mine[m0:mi], theirs[t0:ti])
        settle([base[bi]], [mine[mi]], [theirs[ti]])
        b0, m0, t0 = bi + 1, mi + 1, ti + 1
    settle(base[b0:], mine[m0:], theirs[t0:])
    return out, conflicts, kept


def _matches(a: list[str], b: list[str]) -> dict[int, int]:
    """Where each block of *a* is in *b*: the same, or changed in place (replaced one for one)."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    found: dict[int, int] = {}
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for offset in range(i2 - i1):
                found[i1 + offset] = j1 + offset
    return found


def _shown(blocks: list[str]) -> str:
    text = " ".join(" ".join(blocks).split())
    return text if len(text) <= 60 else text[:57] + "…"


def unified(before: str, after: str, before_name: str, after_name: str) -> str:
    """The changes from *before* to *after*, as ``diff -u`` prints them."""
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True), after.splitlines(keepends=True), before_name, after_name
        )
    )
