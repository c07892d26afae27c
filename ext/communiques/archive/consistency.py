"""Archive-wide rules, checked once every document has been read.

Called from :meth:`ArchiveDomain.check_consistency` on every build, so a
problem keeps failing a strict build until it is mended, even when the file
at fault was not read again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from communiques.archive.domain import archive_domain
from communiques.archive.identity import check_duplicate_ids, check_shared_names
from communiques.core.frontmatter import line_at
from communiques.core.kinds import authority_file, noun_of
from communiques.core.languages import SOURCE_LANGUAGE
from communiques.core.paths import year_page
from communiques.core.posts import post_matches
from communiques.core.warnings_ import ArchiveWarning, Finding, warn

if TYPE_CHECKING:
    from collections.abc import Callable

    Report = Callable[..., None]

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from communiques.archive.domain import ArchiveDomain


#: the event archive-wide rules of other packages connect to: each handler gets
#: ``(app, domain, all_docs, report)`` and calls ``report(message, subtype, location=(docname, line))``
RULES_EVENT = "archive-check-rules"


def report_problems(domain: ArchiveDomain, report: Report) -> None:
    for docname in sorted(domain.problems):
        for problem in domain.problems[docname]:
            report(problem.message, problem.subtype, location=(docname, problem.line))


def check_references(domain: ArchiveDomain, report: Report) -> None:
    """Every mention and issuer names a recorded entity or release."""
    known = set(domain.entities_by_key())
    known |= {("release", e.id) for e in domain.releases.values()}
    for docname in sorted(domain.mentions):
        for mention in domain.mentions[docname]:
            if (mention.kind, mention.id) not in known:
                report(
                    f"unknown {noun_of(mention.kind)} id `{mention.id}`: "
                    f"check the spelling, or add {folder_hint(mention.kind, mention.id)}",
                    ArchiveWarning.UNKNOWN_ID,
                    location=(docname, mention.line),
                )


def folder_hint(kind: str, ident: str) -> str:
    return authority_file(kind, ident) or "the release"


def check_year_pages(domain: ArchiveDomain, all_docs: set[str], report: Report) -> None:
    for entry in sorted(domain.releases.values(), key=lambda e: e.docname):
        page = year_page(entry.issued.year)
        if page not in all_docs:
            report(
                f"no page for the year {entry.issued.year} lists this record: create "
                f"source/{page}.md (copy another year's page and change the year)",
                ArchiveWarning.YEAR_INDEX,
                location=(entry.docname, line(entry, ("issued",))),
            )


def check_relation_targets(domain: ArchiveDomain, report: Report) -> None:
    """Relations name recorded organisations (they are not links while reading)."""
    for entity in domain.entities_of("org"):
        for index, relation in enumerate(entity.record.relations):
            if domain.entity("org", relation.target) is None:
                report(
                    f"unknown organisation id `{relation.target}` in `relations`: check the spelling, "
                    f"or add {folder_hint('org', relation.target)}",
                    ArchiveWarning.UNKNOWN_ID,
                    location=(entity.docname, line(entity, ("relations", index, "target"))),
                )


def line(entry: object, path: tuple[str | int, ...]) -> int:
    return line_at(getattr(entry, "lines", {}), path)


def check_dates(domain: ArchiveDomain, report: Report) -> None:
    """Nothing ends before it starts."""
    for entity in sorted(domain.entities.values(), key=lambda e: e.docname):
        record = entity.record
        spans: list[tuple[tuple[str | int, ...], object, object]] = []
        if entity.kind == "org":
            spans.append((("dissolved",), record.founded, record.dissolved))
            spans += [(("relations", i, "end"), r.start, r.end) for i, r in enumerate(record.relations)]
        elif entity.kind == "person":
            spans += [(("appointments", i, "end"), a.start, a.end) for i, a in enumerate(record.appointments)]
        elif entity.kind == "agreement":
            spans.append((("end",), record.start, record.end))
        for path, start, end in spans:
            if start is not None and end is not None and end < start:  # type: ignore[operator]
                report(
                    f"`{_dotted(path)}` ({end}) is before the start ({start}): correct one of the two dates",
                    ArchiveWarning.CONSISTENCY,
                    location=(entity.docname, line(entity, path)),
                )


def _dotted(path: tuple[str | int, ...]) -> str:
    return ".".join(f"[{p}]" if isinstance(p, int) else p for p in path).replace(".[", "[")


def check_overlapping_appointments(domain: ArchiveDomain, report: Report) -> None:
    """The same post at the same organisation is not held twice at once."""
    for person in domain.entities_of("person"):
        appointments = person.record.appointments
        for i, first in enumerate(appointments):
            for j in range(i + 1, len(appointments)):
                second = appointments[j]
                if (first.post, first.organisation) != (second.post, second.organisation):
                    continue
                if _overlap(first, second):
                    report(
                        f"appointments[{i}] and appointments[{j}] give the same post at overlapping "
                        "dates: merge them or correct their dates",
                        ArchiveWarning.CONSISTENCY,
                        location=(person.docname, line(person, ("appointments", j))),
                    )


def _overlap(first: object, second: object) -> bool:
    from datetime import date

    low, high = date.min, date.max
    a0, a1 = first.start or low, first.end or high  # type: ignore[attr-defined]
    b0, b1 = second.start or low, second.end or high  # type: ignore[attr-defined]
    return a0 <= b1 and b0 <= a1


def check_cycles(domain: ArchiveDomain, report: Report) -> None:
    """Hierarchies form no cycle: organisations' (part of, centre of, hosted by), topics' (broader)."""
    from communiques.core.schema import HIERARCHICAL_RELATIONS

    orgs = {
        org.id: [r.target for r in org.record.relations if r.type in HIERARCHICAL_RELATIONS]
        for org in domain.entities_of("org")
    }
    _report_cycles(
        domain,
        report,
        "org",
        orgs,
        ("relations",),
        "an organisation cannot be part of itself; remove one of these relations",
    )
    topics = {topic.id: list(topic.record.broader) for topic in domain.entities_of("topic")}
    _report_cycles(
        domain,
        report,
        "topic",
        topics,
        ("broader",),
        "a topic cannot be broader than itself; remove one of these broader terms",
    )


def _report_cycles(
    domain: ArchiveDomain,
    report: Report,
    kind: str,
    parents: dict[str, list[str]],
    key: tuple[str, ...],
    advice: str,
) -> None:
    reported: set[frozenset[str]] = set()
    for start in sorted(parents):
        path = [start]
        cycle = _find_cycle(start, parents, path, set())
        if cycle and frozenset(cycle) not in reported:
            reported.add(frozenset(cycle))
            first = domain.entity(kind, start)
            assert first is not None
            noun = "relations" if kind == "org" else "broader terms"
            report(
                f"the {noun} {' → '.join(cycle)} form a cycle: {advice}",
                ArchiveWarning.CONSISTENCY,
                location=(first.docname, line(first, key)),
            )


def _find_cycle(
    node: str, parents: dict[str, list[str]], path: list[str], seen: set[str]
) -> list[str] | None:
    for parent in parents.get(node, []):
        if parent == path[0]:
            return [*path, parent]
        if parent in seen or parent in path:
            continue
        seen.add(parent)
        found = _find_cycle(parent, parents, [*path, parent], seen)
        if found:
            return found
    return None


def check_claimed_posts(domain: ArchiveDomain, report: Report) -> None:
    """A post a release gives a person (under a quote, in a contact) is a recorded appointment.

    The person must hold some recorded post on the release's date, and, for a
    release in the archive's source language (the language of the records), the
    post as printed must be one of those held that day, or several of them
    (:func:`communiques.core.posts.post_matches`). A release in another language
    prints a translation, checked by ``import`` against the catalogs. A person
    merely mentioned in running text claims nothing and is not checked; nor is a
    person without any recorded appointment (a press attaché, say). Several posts
    at once are normal (ministers often hold two portfolios); the same post held
    twice at once is reported by :func:`check_overlapping_appointments`.
    """
    for release in sorted(domain.releases.values(), key=lambda r: r.docname):
        for claim in domain.claims.get(release.docname, []):
            person = domain.entity("person", claim.person)
            if person is None or not person.record.appointments:
                continue
            held = [appointment.post for appointment, _post in person.posts_at(release.issued)]
            where = f"source/people/{person.id}.md"
            if not held:
                report(
                    f"{person.name} held no recorded post on {release.issued}, yet the release gives "
                    f"them the post “{claim.post}” ({claim.where}): add the appointment to {where}, "
                    "or correct its dates",
                    ArchiveWarning.APPOINTMENT,
                    location=(release.docname, claim.line),
                )
            elif release.language == SOURCE_LANGUAGE and not post_matches(claim.post, held):
                shown = "; ".join(f"“{post}”" for post in held)
                report(
                    f"the release gives {person.name} the post “{claim.post}” ({claim.where}), but their "
                    f"recorded posts on {release.issued} are {shown}: add this appointment to {where}, "
                    "or correct the post as printed",
                    ArchiveWarning.APPOINTMENT,
                    location=(release.docname, claim.line),
                )


def findings(domain: ArchiveDomain, all_docs: set[str]) -> list[Finding]:
    """Every problem of the archive, by file and line.

    Needed twice per build (``env-get-updated`` and the consistency check),
    computed once: the data does not change in between.
    """
    return domain.derived(("findings", frozenset(all_docs)), lambda: _findings(domain, all_docs))


def _findings(domain: ArchiveDomain, all_docs: set[str]) -> list[Finding]:
    found: list[Finding] = []

    def report(message: str, subtype: ArchiveWarning, *, location: tuple[str, int | None]) -> None:
        found.append(Finding(location[0], location[1] or 0, message, subtype=subtype.value))

    report_problems(domain, report)
    check_duplicate_ids(domain, report)
    check_shared_names(domain, report)
    check_references(domain, report)
    check_relation_targets(domain, report)
    check_dates(domain, report)
    check_overlapping_appointments(domain, report)
    check_cycles(domain, report)
    check_claimed_posts(domain, report)
    check_year_pages(domain, all_docs, report)
    # Rules of other packages (redirects…) register on this event: this module imports none of them.
    domain.env.events.emit(RULES_EVENT, domain, all_docs, report)
    return sorted(found)


def check_archive(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: report every problem of the archive, on every build."""
    for finding in findings(archive_domain(env), set(env.all_docs)):
        warn(finding.message, ArchiveWarning(finding.subtype), location=(finding.where, finding.line or None))


def pages_with_findings(domain: ArchiveDomain, all_docs: set[str]) -> set[str]:
    """Pages to count as updated so that Sphinx checks consistency again.

    Sphinx runs the consistency check only when some page was updated; a
    build with nothing changed must still fail while a problem remains.
    """
    return {f.where for f in findings(domain, all_docs)}


def archive_reports_its_own(app: Sphinx, domain: object, node: object) -> bool | None:
    """``warn-missing-reference``: unknown archive ids are reported by these rules, with advice."""
    return True if getattr(domain, "name", None) == "archive" else None


def setup_consistency(app: Sphinx) -> None:
    app.add_event(RULES_EVENT)
    app.connect("env-check-consistency", check_archive)
    app.connect("warn-missing-reference", archive_reports_its_own)
