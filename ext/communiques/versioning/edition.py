"""The archive's edition: which commit of the sources a build was made from.

When a build starts (``builder-inited``) git is asked once where the sources
stand; the answer is an :class:`Edition`, shown in the footer of every page
("Édition du 28 novembre 2026 (9557f6d)") and offered to other modules (the
exports) through :func:`edition`::

    from communiques.versioning.edition import edition

    stamp = edition(app)        # Edition(commit='9557f6d9…', date=datetime(…, tzinfo=UTC), dirty=False)
    stamp.as_dict()             # {"commit": "9557f6d9…", "date": "2026-11-28T10:57:48+00:00", "dirty": False}

``commit`` is the full hash of ``HEAD``; ``date`` its committer date
(timezone-aware); ``dirty`` is true when the working tree had changes not
committed (untracked files included, ignored ones not). Without git (a
tarball of the sources) ``commit`` is None, ``dirty`` False and ``date`` comes
from ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else None.

Every page shows the stamp, so a new commit makes every page be written
again (not read again): see :func:`pages_to_restamp`. Pages show the commit
and its date, not ``dirty``: an edit not yet committed would otherwise make
every page be written again, and adding one record to a large archive must
rewrite only the pages that show it. ``dirty`` is in the exports, where a
reader of the data can tell a build from uncommitted sources.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from communiques.archive.domain import archive_domain
from communiques.core import labels
from communiques.core.dates import long_date
from communiques.core.warnings_ import ArchiveWarning, warn
from communiques.versioning import git

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


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


def pages_to_restamp(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: every page shows the stamp; a new one rewrites them all."""
    domain = archive_domain(env)
    current = shown_on_pages(domain.data["edition"])
    if domain.data["edition_shown"] == current:
        return []
    domain.data["edition_shown"] = current
    return sorted(env.found_docs)


def footer_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``: what ``communiques/edition.html`` shows."""
    stamp = edition(app)
    date = long_date(stamp.date.date(), app.config) if stamp.date else None
    context["communiques_edition"] = {
        "commit": stamp.commit,
        "short": stamp.short,
        "iso": stamp.date.isoformat() if stamp.date else None,
        "text": labels.edition().format(date=date) if date else labels.edition_unversioned(),
    }


def setup_edition(app: Sphinx) -> None:
    app.connect("builder-inited", start_edition, priority=400)  # before history.py's
    app.connect("env-get-updated", pages_to_restamp)
    app.connect("html-page-context", footer_context)
