"""``new``: a release record at its right path, with valid metadata, ready to fill.

Writes ``source/releases/<YYYY>/<YYYY-MM-DD>-<slug>.md`` (the slug made from
the title) and the page of the year if there is none yet. Refuses to write
over an existing file. The front matter is validated with the schema before
anything is written; issuers must be recorded organisations.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from communiques.core import frontmatter, schema
from communiques.core.paths import RELEASE_DIR
from communiques.tools.record import dump_front_matter, slugify

if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path

    from communiques.tools.authority import Authority

YEAR_PAGE = """\
---
title: "{year}"
---

:::{{release-list}}
:year: {year}
:::
"""

BODY = """
% The text of the release goes here, paragraph by paragraph, as printed
% (the dateline comes from `place` and `issued`). Mark mentions with roles:
% {person}`Nadine Girault <nadine-girault>`, {org}`Université Laval <universite-laval>`.
% Then, as the original has them (delete what it has not):
%
% ::::{citations}
% :::{quote}
% :person: nadine-girault
% :post: ministre des Relations internationales et de la Francophonie
%
% « The quote. »
% :::
% ::::
%
% ::::{highlights}
% - A highlight.
% ::::
%
% ::::{related-links}
% A related link.
% ::::
%
% Check with: python -m communiques check {path}
"""


class ScaffoldError(ValueError):
    """The record cannot be made as asked: says why and what to do."""


@dataclass(frozen=True)
class Scaffolded:
    record: Path
    year_page: Path | None  # created with it, if the year was new


def new_release(
    srcdir: Path,
    authority: Authority,
    *,
    title: str,
    issued: date,
    issuers: list[str],
    place: str,
    type_: str = "press-release",
    language: str = "fr",
    subtitle: str | None = None,
    slug: str | None = None,
) -> Scaffolded:
    known = [e.id for e in authority.of_kind("org")]
    for issuer in issuers:
        if issuer not in known:
            close = difflib.get_close_matches(issuer, known, n=3)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            msg = f"unknown organisation `{issuer}`{hint}: give the id of a file in source/organisations/"
            raise ScaffoldError(msg)
    slug = slug or slugify(title)
    record_id = f"{issued.isoformat()}-{slug}"
    front: dict[str, Any] = {"id": record_id, "type": type_, "title": title}
    if subtitle:
        front["subtitle"] = subtitle
    front |= {
        "issued": issued,
        "place": place,
        "language": language,
        "issuers": issuers,
        "status": "published",
    }
    text = dump_front_matter(front) + "\n"
    folder = srcdir / RELEASE_DIR / str(issued.year)
    path = folder / f"{record_id}.md"
    text += BODY.replace("{path}", str(path.relative_to(srcdir.parent)))
    _record, errors = schema.validate(schema.Release, frontmatter.read(text).data)
    if errors:
        msg = "; ".join(message for _loc, message in errors)
        raise ScaffoldError(msg)
    if path.exists():
        msg = f"{path} already exists: edit it, or choose another title or --slug"
        raise ScaffoldError(msg)
    folder.mkdir(parents=True, exist_ok=True)
    year_page = folder / "index.md"
    created_year = None
    if not year_page.exists():
        year_page.write_text(YEAR_PAGE.format(year=issued.year), encoding="utf-8")
        created_year = year_page
    path.write_text(text, encoding="utf-8")
    return Scaffolded(path, created_year)
