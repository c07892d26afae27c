"""Turn the plain text of a release into a record of the archive: one release, start to end.

The steps, each in its module: read the text (:mod:`~communiques.tools.textreader`,
or an HTML page through :mod:`~communiques.tools.htmlreader`), resolve the
people and organisations it names, writing drafts for those the archive does
not know (:mod:`~communiques.tools.drafting`), and write the record with its
mentions linked (:mod:`~communiques.tools.record`, :mod:`~communiques.tools.linker`).
:mod:`~communiques.tools.batch` runs this over many files and writes the
results; ``import_text`` makes one record, for a test or a look.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import TYPE_CHECKING

from communiques.core.paths import RELEASE_DIR
from communiques.tools.drafting import Drafting
from communiques.tools.linker import Linker
from communiques.tools.record import Imported, dump_front_matter, render, slugify, validate
from communiques.tools.suggestions import Suggester
from communiques.tools.textreader import ReleaseTextError, parse

if TYPE_CHECKING:
    from pathlib import Path

    from communiques.tools.authority import Authority

__all__ = ["Imported", "Importer", "ReleaseTextError", "dump_front_matter", "import_text", "slugify"]
#: releases whose places are read (the places the archive knows, not suggested as entities)
MAX_RELEASES_READ = 50_000


class Importer:
    """What every release of a run shares: the records, the linker, the drafts written."""

    def __init__(self, srcdir: Path, authority: Authority, *, drafts: bool = True) -> None:
        self.srcdir = srcdir
        self.authority = authority
        self.linker = Linker(authority)
        self.drafting = Drafting(srcdir, authority, self.linker, enabled=drafts)
        self.suggester = Suggester(authority, places_of_releases(srcdir))

    def release(
        self,
        text: str,
        *,
        slug: str | None = None,
        original: str | None = None,
        digest: str | None = None,
        url: str | None = None,
    ) -> Imported:
        """The record made from the plain text of a release.

        *original*: path of the copy of the original under ``source/``, where
        ``{id}`` stands for the record's id (``originals/{id}.txt``), recorded in
        ``source`` with *digest*, the SHA-256 of the original's bytes (by default
        of the text in UTF-8). *url*: where the release was published, if known.
        """
        release = parse(text, self.linker)
        if release.issued is None:
            msg = "no date found in the dateline"
            raise ReleaseTextError(msg)
        record_id = f"{release.issued.isoformat()}-{slug or slugify(release.title)}"
        notes = self.drafting.resolve(release, record_id)
        source: dict[str, str] = {"url": url} if url else {}
        if original is not None:
            source |= {
                "file": original.format(id=record_id),
                "sha256": digest or hashlib.sha256(text.encode("utf-8")).hexdigest(),
            }
        imported = render(release, self.linker, record_id, source, self.suggester)
        validate(imported.text)
        return replace(imported, notes=(*imported.notes, *notes))


def import_text(
    text: str,
    authority: Authority,
    *,
    slug: str | None = None,
    original: str | None = None,
    digest: str | None = None,
    srcdir: Path | None = None,
) -> Imported:
    """One record made from *text*, drafts written in memory only (none without *srcdir*)."""
    from pathlib import Path

    importer = Importer(srcdir or Path("source"), authority, drafts=srcdir is not None)
    return importer.release(text, slug=slug, original=original, digest=digest)


def places_of_releases(srcdir: Path) -> list[str]:
    """The ``place`` of every release of the archive: names the archive classifies as places."""
    places: set[str] = set()
    for number, path in enumerate(sorted((srcdir / RELEASE_DIR).glob("*/*.md"))):
        if number >= MAX_RELEASES_READ:
            break
        try:
            with path.open(encoding="utf-8-sig") as stream:
                head = [next(stream, "") for _ in range(40)]
        except (OSError, UnicodeDecodeError):
            continue
        for line in head[1:]:
            if line.startswith("---"):
                break
            if line.startswith("place:"):
                places.add(line.removeprefix("place:").strip().strip("\"'"))
    return sorted(places)
