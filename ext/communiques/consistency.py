"""Archive-wide rules, checked once every document has been read.

Called from :meth:`ArchiveDomain.check_consistency` on every build, so a
problem keeps failing a strict build until it is mended, even when the file
at fault was not read again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from communiques.paths import year_page
from communiques.warnings_ import ArchiveWarning, warn

if TYPE_CHECKING:
    from communiques.domain import ArchiveDomain

_KIND_NAMES = {"person": "person", "org": "organisation", "agreement": "agreement", "release": "release"}


def report_problems(domain: ArchiveDomain) -> None:
    for docname in sorted(domain.problems):
        for problem in domain.problems[docname]:
            warn(problem.message, problem.subtype, location=(docname, problem.line))


def check_duplicate_ids(domain: ArchiveDomain) -> None:
    seen: dict[tuple[str, str], str] = {}
    items = [(("release", e.id), e.docname) for e in domain.releases.values()]
    items += [((e.kind, e.id), e.docname) for e in domain.entities.values()]
    for key, docname in sorted(items, key=lambda item: item[1]):
        if key in seen:
            warn(
                f"id `{key[1]}` is already used by {seen[key]}; ids are never reused: choose another",
                ArchiveWarning.DUPLICATE_ID,
                location=(docname, 1),
            )
        else:
            seen[key] = docname


def check_references(domain: ArchiveDomain) -> None:
    """Every mention and issuer names a recorded entity or release."""
    known = set(domain.entities_by_key())
    known |= {("release", e.id) for e in domain.releases.values()}
    for docname in sorted(domain.mentions):
        for mention in domain.mentions[docname]:
            if (mention.kind, mention.id) not in known:
                warn(
                    f"unknown {_KIND_NAMES.get(mention.kind, mention.kind)} id `{mention.id}`: "
                    f"check the spelling, or add {folder_hint(mention.kind, mention.id)}",
                    ArchiveWarning.UNKNOWN_ID,
                    location=(docname, mention.line),
                )


def folder_hint(kind: str, ident: str) -> str:
    from communiques.domain import ENTITY_KINDS

    if kind in ENTITY_KINDS:
        return f"source/{ENTITY_KINDS[kind]}/{ident}.md"
    return "the release"


def check_year_pages(domain: ArchiveDomain, all_docs: set[str]) -> None:
    for entry in sorted(domain.releases.values(), key=lambda e: e.docname):
        page = year_page(entry.issued.year)
        if page not in all_docs:
            warn(
                f"no page for the year {entry.issued.year} lists this record: create "
                f"source/{page}.md (copy another year's page and change the year)",
                ArchiveWarning.YEAR_INDEX,
                location=(entry.docname, 1),
            )


def check_archive(domain: ArchiveDomain, all_docs: set[str]) -> None:
    report_problems(domain)
    check_duplicate_ids(domain)
    check_references(domain)
    check_year_pages(domain, all_docs)
