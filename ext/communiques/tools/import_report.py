"""What ``import`` tells the archivist: each file's fate, then a summary to act on.

One line per file (``created``, ``updated``, ``unchanged``, ``conflict``,
``failed``; ``would …`` in a dry run), then the drafts written, the
problems by file as ``file:line: what to do``, the names that match no
record with what to do about each, and how to go on.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from communiques.tools.batch import Options, Summary

#: how many unknown names the summary shows, most frequent first
SHOWN_NAMES = 25
_WOULD = {"created": "would create", "updated": "would update", "unchanged": "unchanged"}


def report(
    summary: Summary, options: Options, out: Callable[[str], None], err: Callable[[str], None]
) -> None:
    from communiques.tools.batch import _shown

    for outcome in summary.outcomes:
        action = _WOULD.get(outcome.action, outcome.action) if options.dry_run else outcome.action
        where = _shown(outcome.record) if outcome.record is not None else _shown(outcome.source)
        linked = f" ({outcome.links} mentions linked)" if outcome.action in ("created", "updated") else ""
        out(f"{action} {where}{linked}  ← {_shown(outcome.source)}")
        if outcome.diff and (options.dry_run or outcome.action == "conflict"):
            out(outcome.diff.rstrip("\n"))
    drafts = summary.drafts
    created = [d for d in drafts if d.created]
    updated = [d for d in drafts if not d.created and d.written]
    verb = "would write" if options.dry_run else "wrote"
    for draft in created:
        out(f"{verb} draft {_shown(draft.path)} ({draft.front.get('name')})")
    counts = Counter(o.action for o in summary.outcomes)
    total = len(summary.outcomes)
    per = summary.seconds / total if total else 0.0
    err(
        f"import: {total} file(s) in {summary.seconds:.1f} s ({per:.3f} s per release): "
        + ", ".join(f"{counts[a]} {_WOULD.get(a, a) if options.dry_run else a}" for a in sorted(counts))
    )
    err(f"mentions linked: {sum(o.links for o in summary.outcomes)}")
    people = sum(d.kind == "person" for d in created)
    err(
        f"draft records {'to write' if options.dry_run else 'written'}: {people} people, "
        f"{len(created) - people} organisations (and {len(updated)} drafts given more evidence); "
        "review them: python -m communiques check --drafts"
    )
    problems = [(o, line, message) for o in summary.outcomes for line, message in o.problems]
    if problems:
        err(f"problems by file ({len({o.source for o, _l, _m in problems})} file(s)):")
        for outcome, line, message in problems:
            err(f"  {_shown(outcome.source)}:{line}: {message}")
    _names(summary, err)
    rerun = "python -m communiques import " + " ".join(_shown(o.source) for o in summary.outcomes[:3])
    rerun += " …" if len(summary.outcomes) > 3 else ""
    if options.dry_run:
        err(f"nothing was written (dry run): {rerun.replace('import ', 'import ', 1)}")
    else:
        err(
            "next: python -m communiques check; after adding records or aliases, import the same files "
            f"again (your edits are kept): {rerun}"
        )


def _names(summary: Summary, err: Callable[[str], None]) -> None:
    counts: Counter[str] = Counter()
    advice: dict[str, str] = {}
    for outcome in summary.outcomes:
        if outcome.imported is None:
            continue
        counts.update(dict(outcome.imported.suggestions))
        advice |= outcome.imported.advice
    if not counts or summary.importer is None:
        return
    suggester = summary.importer.suggester
    # Places read in later releases of the batch tell about names of earlier ones.
    counts = Counter(
        {name: count for name, count in counts.items() if name in advice or not suggester.is_noise(name)}
    )
    # A name drafted from a later release of the batch (quoted there) is a record now.
    recorded = sorted(
        name for name in counts if name not in advice and summary.importer.linker.index.named(name)
    )
    for name in recorded:
        del counts[name]
    if recorded:
        shown = ", ".join(recorded[:5]) + (" …" if len(recorded) > 5 else "")
        err(
            f"{len(recorded)} name(s) became draft records after releases that name them were imported "
            f"({shown}): import the same files again to link them there"
        )
    if not counts:
        return
    err(f"names with no record ({len(counts)}), most frequent first, and what to do:")
    for name, count in counts.most_common(SHOWN_NAMES):
        times = f" ({count}×)" if count > 1 else ""
        err(f"  {name}{times}: {advice.get(name) or suggester.advise(name)}")
    if len(counts) > SHOWN_NAMES:
        err(f"  … and {len(counts) - SHOWN_NAMES} more, each found once or a few times")
