"""Where each kind of document lives in ``source/``.

The layout is a contract with archivists and with readers' links:
``releases/<YYYY>/<YYYY-MM-DD>-<slug>`` for releases, ``releases/<YYYY>/index``
for the page of a year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from communiques.core.kinds import BY_FOLDER

RELEASE_DIR = "releases"
_RELEASE = re.compile(r"^releases/(?P<folder>[^/]+)/(?P<name>[^/]+)$")
_NAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)$")


@dataclass(frozen=True)
class ReleasePath:
    docname: str
    folder: str
    name: str

    @property
    def is_year_page(self) -> bool:
        return self.name == "index"

    def problems(self, issued: date, record_id: str) -> list[str]:
        """What disagrees between the path and the record's metadata."""
        found: list[str] = []
        if self.folder != str(issued.year):
            found.append(
                f"issued {issued.isoformat()} but filed under `{RELEASE_DIR}/{self.folder}/`: "
                f"move it to `{RELEASE_DIR}/{issued.year}/`"
            )
        match = _NAME.match(self.name)
        if match is None:
            found.append(
                f"file name `{self.name}.md` is not `<YYYY-MM-DD>-<slug>.md`: rename it "
                f"`{issued.isoformat()}-{record_id.removeprefix(issued.isoformat() + '-')}.md`"
            )
        elif match["date"] != issued.isoformat():
            found.append(
                f"file name starts with {match['date']} but `issued` is {issued.isoformat()}: "
                f"rename it to start with `{issued.isoformat()}-` or correct `issued`"
            )
        return found


def release_path(docname: str) -> ReleasePath | None:
    match = _RELEASE.match(docname)
    if match is None:
        return None
    return ReleasePath(docname, match["folder"], match["name"])


def year_page(year: int) -> str:
    return f"{RELEASE_DIR}/{year}/index"


_ENTITY = re.compile(r"^(?P<folder>[^/]+)/(?P<name>[^/]+)$")


@dataclass(frozen=True)
class EntityPath:
    docname: str
    kind: str
    name: str

    @property
    def is_index(self) -> bool:
        return self.name == "index"


def entity_path(docname: str) -> EntityPath | None:
    match = _ENTITY.match(docname)
    if match is None or match["folder"] not in BY_FOLDER:
        return None
    return EntityPath(docname, BY_FOLDER[match["folder"]].role, match["name"])
