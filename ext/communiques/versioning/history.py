"""The history of each release: its status, its corrections, and the commits behind them.

A release page shows, after its body, a history (newest first) that readers
can read, in the page's language:

* its publication (``issued``);
* its addition to the archive: the date of the first commit of its file;
* each entry of its ``revisions`` (date and note): editorial corrections,
  written for readers, the last one of a withdrawn release its withdrawal;
  the notes are data strings, made translatable nodes at read time like the
  header's (so they reach the record's catalog and are translated).

The raw commit log (each commit's date, hash and subject, written by and for
maintainers, in English) is provenance, not the reader's history: it is kept
in the open-data export (:func:`history_of`, :mod:`communiques.opendata.export`).

A ``corrected`` or ``withdrawn`` release also shows a notice under its
header with the date and note of its latest revision; a withdrawn release
stays built and reachable, and listings mark it.

Git is asked once per build (``builder-inited``): one ``git log`` over the
whole source folder (:func:`communiques.versioning.git.read_log`), kept in the
environment and reused while ``HEAD`` does not move. The addition is added to
the page when it is written (``doctree-resolved``), not when it is read, so
a page whose first commit changed without its source changing (the commit of
a record already built) is written again: ``env-get-updated`` compares what
each page showed with what it would show now. A later commit of the record
changes nothing the page shows, and rewrites no page.

Without git (sources from a tarball) the history shows the record's own
revisions, and the build says so once (an info message, not a warning: such
a build has no history to lose). In a shallow clone git knows only the last
commits: every record would look created by the latest one, so the build
warns (``archive.history``), and a strict build fails until the clone is
deepened (``git fetch --unshallow``, which ``.ci/run`` does).

For other modules (exports), :func:`history_of` gives a release's history::

    history_of(env, "releases/2020/2020-06-25-…")
    # [HistoryEntry(date=date(2026, 11, 28), kind="commit", note="Correct the title",
    #               commit="3be8fa83…"),
    #  HistoryEntry(date=date(2020, 7, 2), kind="revision", note="Date corrected.", commit=None),
    #  HistoryEntry(date=date(2020, 6, 25), kind="published", note="", commit=None)]

and ``archive_domain(env).histories[docname]`` its
:class:`~communiques.archive.domain.RecordHistory` (status, revisions with notes in
the build's language, original and checksum).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from communiques.archive.domain import archive_domain
from communiques.archive.entries import RecordHistory, Revision
from communiques.archive.nodes import data_text, generated, make_data_text, release_history
from communiques.archive.records import lines_being_read, record_being_read
from communiques.core import labels, schema
from communiques.core.dates import long_date
from communiques.core.warnings_ import ArchiveWarning, warn
from communiques.pages.release_header import fill_pattern, release_and_section
from communiques.versioning import git

if TYPE_CHECKING:
    from datetime import date

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

Kind = Literal["published", "added", "revision", "commit"]
#: among entries of one day, the order shown (newest first)
_RANK: dict[str, int] = {"commit": 0, "revision": 1, "added": 2, "published": 3}


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a release's history."""

    date: date
    kind: Kind
    #: the revision's note (build's language), the commit's subject, or "" for the publication
    note: str
    #: full hash of the commit, for ``kind == "commit"``
    commit: str | None = None


# -- git, once per build ----------------------------------------------------------------------


def load_git_history(app: Sphinx) -> None:
    """``builder-inited``: the git log of the sources, reused while HEAD stays."""
    domain = archive_domain(app.env)
    state: git.RepoState | None = domain.data["repo"]
    if state is None:
        domain.data["git"] = None
        logger.info("communiques: the sources are not in a git repository: histories show revisions only")
        return
    if state.shallow:
        warn(
            "the sources are a shallow git clone: record histories would be incomplete; "
            "fetch the whole history (`git fetch --unshallow`) and build again",
            ArchiveWarning.HISTORY,
            location=git_location(app),
        )
    cached = domain.data["git"]
    if isinstance(cached, git.Log) and cached.head == state.head and cached.shallow == state.shallow:
        return
    try:
        domain.data["git"] = git.read_log(Path(app.srcdir), state)
    except git.GitError as exc:
        domain.data["git"] = None
        warn(
            f"git log failed ({exc}): histories show revisions only",
            ArchiveWarning.HISTORY,
            location=git_location(app),
        )


def git_location(app: Sphinx) -> str:
    """Where a problem with git is reported: the repository of the sources."""
    # A location with a colon is printed as is, not taken for a document.
    return f"git:{app.srcdir}"


def commits_of(env: BuildEnvironment, docname: str) -> tuple[git.Commit, ...]:
    """The commits that changed *docname*'s file, newest first."""
    log = archive_domain(env).data["git"]
    if not isinstance(log, git.Log):
        return ()
    return log.commits.get(Path(env.doc2path(docname, False)).as_posix(), ())


def history_of(env: BuildEnvironment, docname: str) -> list[HistoryEntry]:
    """A release's history, newest first; empty for other pages."""
    domain = archive_domain(env)
    history = domain.histories.get(docname)
    release = domain.releases.get(docname)
    if history is None or release is None:
        return []
    entries = [HistoryEntry(release.issued, "published", "")]
    entries += [HistoryEntry(r.date, "revision", r.note) for r in history.revisions]
    entries += [HistoryEntry(c.date.date(), "commit", c.subject, c.hash) for c in commits_of(env, docname)]
    return sorted(entries, key=lambda e: (-e.date.toordinal(), _RANK[e.kind]))


# -- reading: notice and placeholder ---------------------------------------------------------


class ReleaseHistory(SphinxTransform):
    """Add a release's notice (if corrected or withdrawn) and its history.

    Before the i18n transforms (priority < 10), after the header (5), so the
    notes are extracted and translated like the header's data.
    """

    default_priority = 6

    def apply(self, **kwargs: object) -> None:
        found = release_and_section(self)
        if found is None:
            return
        record, section = found
        self.source = self.document["source"]
        self.lines = lines_being_read(self.env)
        if record.status != "published" and record.revisions:
            # After the title and the header (see header.py).
            after = section[1] if len(section) > 1 else None
            position = 2 if isinstance(after, nodes.Element) and "release-header" in after["classes"] else 1
            section.insert(position, self.notice(record))
        section += self.history(record)

    def note(self, record: schema.Release, index: int) -> data_text:
        note = make_data_text(
            record.revisions[index].note, self.source, self.lines.get(("revisions", index, "note"), 1)
        )
        note["classes"] = ["revision-note"]
        return note

    def notice(self, record: schema.Release) -> nodes.Element:
        index = max(range(len(record.revisions)), key=lambda i: record.revisions[i].date)
        latest = record.revisions[index]
        notice = generated(nodes.admonition(classes=["release-notice", f"release-{record.status}"]))
        title = labels.notice_title(record.status)
        notice += nodes.title(title, title)
        date = nodes.inline("", long_date(latest.date, self.config), classes=["notice-date"])
        text = labels.notice_text(record.status)
        notice += generated(
            nodes.paragraph("", "", *fill_pattern(text, date=date, reason=self.note(record, index)))
        )
        return notice

    def history(self, record: schema.Release) -> nodes.Element:
        block = generated(nodes.container(classes=["release-history"]))
        heading = labels.history_heading()
        block += generated(nodes.rubric(heading, heading))
        placeholder = release_history()
        placeholder += entry_item(
            record.issued, "published", nodes.Text(labels.history_published()), self.config
        )
        latest = max(range(len(record.revisions)), key=lambda i: record.revisions[i].date, default=None)
        for index, revision in enumerate(record.revisions):
            note = self.note(record, index)
            note["revision_index"] = index
            event = "withdrawn" if record.status == "withdrawn" and index == latest else "corrected"
            content = nodes.inline(classes=[f"history-{event}"])
            content += fill_pattern(labels.history_event(event), note=note)
            placeholder += entry_item(revision.date, "revision", content, self.config)
        block += placeholder
        return block


def entry_item(day: date, kind: Kind, content: nodes.Node, config: Config) -> nodes.list_item:
    line = generated(nodes.paragraph())
    line += nodes.inline("", long_date(day, config), classes=["history-date"])
    line += nodes.Text(" — ")
    line += content
    item = nodes.list_item("", line, classes=[f"history-{kind}"])
    item["history_date"] = day.isoformat()
    item["history_rank"] = _RANK[kind]
    return item


def collect_history(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: keep the release's status and revisions (notes as translated)."""
    record = record_being_read(app.env)
    if not isinstance(record, schema.Release):
        return
    notes = {
        node["revision_index"]: node.astext()
        for node in doctree.findall(data_text)
        if "revision_index" in node
    }
    archive_domain(app.env).histories[app.env.docname] = RecordHistory(
        status=record.status,
        revisions=tuple(Revision(r.date, notes.get(i, r.note)) for i, r in enumerate(record.revisions)),
        original=record.source.file if record.source else None,
        sha256=record.source.sha256 if record.source else None,
    )


# -- writing: the commits ------------------------------------------------------------------------


def added_on(env: BuildEnvironment, docname: str) -> date | None:
    """The day *docname*'s file was added to the archive: its first commit's, if git knows it."""
    commits = commits_of(env, docname)
    return commits[-1].date.date() if commits else None


def fill_history(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: add the release's addition to the archive, and order the history."""
    for placeholder in list(doctree.findall(release_history)):
        items = [item for item in placeholder.children if isinstance(item, nodes.Element)]
        day = added_on(app.env, docname)
        if day is not None:
            items.append(entry_item(day, "added", nodes.Text(labels.history_event("added")), app.config))
        items.sort(key=lambda item: (item["history_date"], -item["history_rank"]), reverse=True)
        listing = nodes.bullet_list(classes=["history"])
        listing.extend(items)
        placeholder.replace_self(listing)


def pages_with_new_history(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: release pages whose addition to the archive changed since last written."""
    domain = archive_domain(env)
    stale = []
    for docname in sorted(domain.histories):
        digest = repr(added_on(env, docname))
        if domain.history_digests.get(docname) != digest:
            domain.history_digests[docname] = digest
            stale.append(docname)
    return stale


def setup_history(app: Sphinx) -> None:
    app.connect("builder-inited", load_git_history, priority=500)
    app.add_transform(ReleaseHistory)
    app.connect("doctree-read", collect_history, priority=600)
    app.connect("doctree-resolved", fill_history)
    app.connect("env-get-updated", pages_with_new_history)
