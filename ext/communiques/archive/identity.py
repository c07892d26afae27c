"""Identity: an id names one record, a name one entity; a copy is blamed, not its original.

Ids are never reused, and the importer links a name, acronym or alias only
if it names a single entity (an ambiguous one links nothing, silently). Two
records that claim the same id, or two entities of one kind the same alias or
acronym, are errors. Which of the two is reported matters: ``check FILE``
and the pre-commit hook look only at the files changed, so the message must
land on the newcomer, the file that is not yet in the history of the
branch. Git tells (:mod:`communiques.versioning.git`: the commits of every
file): the record whose file entered the history first keeps its id; a
file that git does not know, or that came later, is reported, naming the
original. When git cannot tell (no repository, or both files came in the
same commit) both are reported, each naming the other.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from communiques.core.frontmatter import line_at
from communiques.core.kinds import ENTITY_KINDS
from communiques.core.name_keys import key_of
from communiques.core.warnings_ import ArchiveWarning

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from communiques.archive.domain import ArchiveDomain
    from communiques.archive.entries import EntityEntry

    Report = Callable[..., None]


def first_commit(domain: ArchiveDomain, docname: str) -> datetime | None:
    """When *docname*'s file entered the history (None: untracked, or no git)."""
    log = domain.data.get("git")
    commits = getattr(log, "commits", None)
    if not commits:
        return None
    found = commits.get(Path(domain.env.doc2path(docname, False)).as_posix(), ())
    return found[-1].date if found else None


def blame(domain: ArchiveDomain, docnames: Sequence[str]) -> list[tuple[str, str, bool]]:
    """(document to report, document it collides with, whether that one is known to be older).

    For documents that claim the same thing: the newcomers, naming the
    original; or, when git cannot tell, each of them, naming the next.
    """
    docnames = sorted(set(docnames))
    dates = {docname: first_commit(domain, docname) for docname in docnames}
    known = sorted((date, docname) for docname, date in dates.items() if date is not None)
    if known:
        first_date, original = known[0]
        later = [d for d in docnames if d != original and ((day := dates[d]) is None or day > first_date)]
        if later:
            return [(docname, original, True) for docname in later]
    return [(docname, docnames[(i + 1) % len(docnames)], False) for i, docname in enumerate(docnames)]


def check_duplicate_ids(domain: ArchiveDomain, report: Report) -> None:
    """Two records of one kind with the same id: the newcomer is reported (see the module)."""
    claims: dict[tuple[str, str], list[str]] = {}
    for release in domain.releases.values():
        claims.setdefault(("release", release.id), []).append(release.docname)
    for entity in domain.entities.values():
        claims.setdefault((entity.kind, entity.id), []).append(entity.docname)
    for (_kind, ident), docnames in sorted(claims.items()):
        if len(docnames) < 2:
            continue
        for docname, other, older in blame(domain, docnames):
            claim = "is already used by" if older else "is also claimed by"
            report(
                f"id `{ident}` {claim} {_file(domain, other)}; ids are never reused: "
                "choose another (and name the file after it)",
                ArchiveWarning.DUPLICATE_ID,
                location=(docname, line_at(_lines(domain, docname), ("id",))),
            )


def form_key(form: str) -> str | None:
    """How the importer tells two names apart (None: a form it does not index)."""
    found = key_of(form)
    return found[0] if found else None


def _forms(entity: EntityEntry) -> list[tuple[str, tuple[str | int, ...], str]]:
    """(form, front matter path, what it is) of each acronym and alias of *entity*."""
    record = entity.record
    found: list[tuple[str, tuple[str | int, ...], str]] = []
    acronym = getattr(record, "acronym", None)
    if acronym:
        found.append((acronym, ("acronym",), "acronym"))
    found += [(alias, ("aliases", i), "alias") for i, alias in enumerate(getattr(record, "aliases", []))]
    return found


def check_shared_names(domain: ArchiveDomain, report: Report) -> None:
    """An acronym or alias names one entity of its kind: not another's acronym, alias or name."""
    for kind in ENTITY_KINDS:
        entities = sorted(domain.entities_of(kind.role), key=lambda e: e.docname)
        owners: dict[str, dict[str, str]] = {}  # form → docname → what it is there
        for entity in entities:
            name_key = form_key(entity.record.name)
            if name_key is not None:
                owners.setdefault(name_key, {}).setdefault(entity.docname, "name")
            for form, _path, what in _forms(entity):
                key = form_key(form)
                if key is not None:
                    owners.setdefault(key, {})[entity.docname] = what
        by_docname = {entity.docname: entity for entity in entities}
        for entity in entities:
            for form, path, what in _forms(entity):
                key = form_key(form)
                holders = owners.get(key, {}) if key is not None else {}
                if len(holders) < 2:
                    continue
                for docname, other, _older in blame(domain, list(holders)):
                    if docname != entity.docname:
                        continue
                    report(
                        f"the {what} `{form}` is also the {holders[other]} of {_file(domain, other)}: "
                        f"one name cannot lead to two {kind.noun}s (the importer would link neither); "
                        "keep it on one of them",
                        ArchiveWarning.DUPLICATE_ID,
                        location=(docname, line_at(by_docname[docname].lines, path)),
                    )


def _file(domain: ArchiveDomain, docname: str) -> str:
    """The file of *docname* as archivists name it (``source/releases/…md``)."""
    srcdir = Path(domain.env.srcdir)
    return f"{srcdir.name}/{Path(domain.env.doc2path(docname, False)).as_posix()}"


def _lines(domain: ArchiveDomain, docname: str) -> dict[tuple[str | int, ...], int]:
    entry = domain.releases.get(docname) or domain.entities.get(docname)
    return getattr(entry, "lines", {})
