"""The archive's edition: which commit of the sources a build was made from.

When a build starts (``builder-inited``) git is asked once where the sources
stand; the answer is an :class:`Edition`, shown on the home page ("Édition du
28 novembre 2026 (9557f6d)"), written beside each language's pages
(``edition.json``) and offered to other modules (the exports) through
:func:`edition`::

    from communiques.versioning.edition import edition

    stamp = edition(app)        # Edition(commit='9557f6d9…', date=datetime(…, tzinfo=UTC), dirty=False)
    stamp.as_dict()             # {"commit": "9557f6d9…", "date": "2026-11-28T10:57:48+00:00", "dirty": False}

``commit`` is the full hash of ``HEAD``; ``date`` its committer date
(timezone-aware); ``dirty`` is true when the working tree had changes not
committed (untracked files included, ignored ones not). Without git (a
tarball of the sources) ``commit`` is None, ``dirty`` False and ``date`` comes
from ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else None.

Every other page shows its own last change instead: the newest commit of its
source file ("Page modifiée le 5 mars 2021 (3be8fa8)"). So a page's bytes
depend only on its own sources: a commit that changes no record (the README,
the code) rewrites the home page and no other (:func:`pages_to_restamp`);
had every page shown the archive's edition, every commit would have made
every page be written again, minutes at 10,000 releases in two languages.
Pages show commits and their dates, not ``dirty``: an edit not yet committed
would otherwise rewrite pages it does not concern. ``dirty`` is in the
exports and ``edition.json``, where a reader of the data can tell a build
from uncommitted sources.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from communiques.archive.domain import archive_domain
from communiques.core import labels
from communiques.core.dates import long_date
from communiques.core.files import write_if_changed
from communiques.core.warnings_ import ArchiveWarning, warn
from communiques.versioning import git
from communiques.versioning.history import commits_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


#: the file beside each language's pages that says which edition they are
EDITION_FILE = "edition.json"


@dataclass(frozen=True)
class Edition:
    """The state of the sources a build was made from."""

    commit: str | None
    date: datetime | None
    dirty: bool = False

    @property
    def short(self) -> str | None:
        return self.commit[:7] if self.commit else None

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values, for the exports."""
        return {
            "commit": self.commit,
            "date": self.date.isoformat() if self.date else None,
            "dirty": self.dirty,
        }


def from_state(state: git.RepoState | None) -> Edition:
    if state is not None:
        return Edition(commit=state.head, date=state.committed, dirty=state.dirty)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    date = datetime.fromtimestamp(int(epoch), tz=UTC) if epoch.isdigit() else None
    return Edition(commit=None, date=date)


def edition(app: Sphinx) -> Edition:
    """The edition of the running build (known from ``builder-inited`` on)."""
    found = archive_domain(app.env).data["edition"]
    return found if isinstance(found, Edition) else from_state(None)


def start_edition(app: Sphinx) -> None:
    """``builder-inited``: ask git once where the sources stand."""
    domain = archive_domain(app.env)
    try:
        state = git.inspect(Path(app.srcdir))
    except git.GitError as exc:
        warn(
            f"git could not describe the sources ({exc}); the build has no edition stamp",
            ArchiveWarning.HISTORY,
            location=f"git:{app.srcdir}",
        )
        state = None
    domain.data["repo"] = state
    domain.data["edition"] = from_state(state)


def shown_on_pages(stamp: object) -> tuple[str | None, datetime | None] | None:
    """What of an edition the pages show (and so what, changed, rewrites them)."""
    return (stamp.commit, stamp.date) if isinstance(stamp, Edition) else None


def page_stamp(env: BuildEnvironment, docname: str) -> tuple[str, datetime] | None:
    """The newest commit of *docname*'s source (hash, date), None if git knows none."""
    commits = commits_of(env, docname)
    return (commits[0].hash, commits[0].date) if commits else None


def pages_to_restamp(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: the pages whose shown stamp changed since they were written.

    A page's own last change (a commit of an edit already built, which
    changes no source) and, on the home page, the archive's edition.
    """
    domain = archive_domain(env)
    shown: dict[str, tuple[str, datetime] | None] = domain.data.setdefault("stamps_shown", {})
    current = {docname: page_stamp(env, docname) for docname in env.found_docs}
    changed = {docname for docname, stamp in current.items() if shown.get(docname) != stamp}
    domain.data["stamps_shown"] = current
    edition_now = shown_on_pages(domain.data["edition"])
    if domain.data["edition_shown"] != edition_now:
        domain.data["edition_shown"] = edition_now
        changed.add(app.config.root_doc)
    return sorted(changed & env.found_docs)


def stamp_context(stamp: Edition, text: str, app: Sphinx) -> dict[str, Any]:
    date = long_date(stamp.date.date(), app.config) if stamp.date else None
    return {
        "commit": stamp.commit,
        "short": stamp.short,
        "iso": stamp.date.isoformat() if stamp.date else None,
        "text": text.format(date=date) if date else labels.edition_unversioned(),
    }


def footer_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``: what ``communiques/edition.html`` shows.

    The home page shows the archive's edition; a page with a source in git
    its own last change; a generated page (indices, search) nothing.
    """
    context["communiques_edition"] = None
    context["communiques_page_stamp"] = None
    if pagename == app.config.root_doc:
        context["communiques_edition"] = stamp_context(edition(app), labels.edition(), app)
    elif pagename in app.env.found_docs and (own := page_stamp(app.env, pagename)) is not None:
        context["communiques_page_stamp"] = stamp_context(
            Edition(commit=own[0], date=own[1]), labels.page_changed(), app
        )


def write_edition_file(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: ``<lang>/edition.json``, what the site was built from, for machines."""
    if exception is not None or app.builder.format != "html":
        return
    data = json.dumps(edition(app).as_dict(), indent=1, sort_keys=True) + "\n"
    write_if_changed(Path(app.outdir) / EDITION_FILE, data)


def setup_edition(app: Sphinx) -> None:
    app.connect("builder-inited", start_edition, priority=400)  # before history.py's
    app.connect("env-get-updated", pages_to_restamp)
    app.connect("html-page-context", footer_context)
    app.connect("build-finished", write_edition_file)
