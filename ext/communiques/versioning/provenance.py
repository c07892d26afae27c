"""Provenance and fixity: each release's captured original, checked and offered.

A release's ``source`` names the captured original (``file``, relative to
``source/``, by convention under ``source/originals/``) and its SHA-256
(``sha256``). Every time the record is read the original's checksum is
computed and compared: a missing original or a different checksum is an
``archive.fixity`` warning at the record's line (so a strict build fails),
saying what was expected, what was found and how to mend it. The record
depends on its original (``env.note_dependency``): editing the original
makes the record be read, hence checked, again.

The release page offers the original to readers: a download link (Sphinx
copies the file into the site's ``_downloads/``), with its capture date, its
checksum and the address of the original publication.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from communiques.archive.domain import archive_domain
from communiques.archive.entries import Problem
from communiques.archive.nodes import generated
from communiques.archive.records import lines_being_read, record_being_read
from communiques.core import labels, schema
from communiques.core.dates import long_date
from communiques.core.frontmatter import line_at
from communiques.core.warnings_ import ArchiveWarning
from communiques.pages.release_header import fill_pattern

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def original_path(srcdir: Path, file: str) -> Path | None:
    """The original's path, or None if *file* leaves the source folder."""
    path = (srcdir / file).resolve()
    return path if path.is_relative_to(srcdir.resolve()) else None


def check_original(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read`` (after records.py): verify the original's checksum."""
    record = record_being_read(app.env)
    if not isinstance(record, schema.Release) or record.source is None:
        return
    lines = lines_being_read(app.env)
    domain = archive_domain(app.env)

    def problem(key: str, message: str, subtype: ArchiveWarning = ArchiveWarning.FIXITY) -> None:
        line = line_at(lines, ("source", key))
        domain.add_problem(Problem(docname, line, subtype, message))

    file, expected = record.source.file, record.source.sha256
    if file is None:
        if expected is not None:
            problem(
                "sha256",
                "`source.sha256` is given without `source.file`: name the captured original it proves",
            )
        return
    srcdir = Path(app.srcdir)
    path = original_path(srcdir, file)
    if path is None:
        problem(
            "file",
            f"`source.file` `{file}` is outside the source folder (links followed): keep originals "
            "under `originals/`",
            ArchiveWarning.UNSAFE,
        )
        return
    app.env.note_dependency(str(path))
    state = domain.data["repo"]
    restore = (
        f"restore it from version control (`git checkout -- {state.prefix}{file}`)"
        if state is not None
        else "restore it from a copy of the archive"
    )
    if not path.is_file():
        problem("file", f"the captured original `{file}` is missing: {restore}, or correct `source.file`")
        return
    found = sha256_of(path)
    if expected is None:
        problem(
            "file", f"the captured original `{file}` has no checksum: add `sha256: {found}` under `source`"
        )
    elif found != expected:
        problem(
            "sha256",
            f"the captured original `{file}` does not match its checksum: expected SHA-256 {expected}, "
            f"found {found}. An original never changes: {restore}; if the record names the wrong file, "
            "correct `source.file`; only if a new capture replaces it, record the new checksum and add a "
            "`revisions` entry saying why",
        )


class OfferOriginal(SphinxTransform):
    """Append the release's provenance: the original to download, its checksum, its address."""

    default_priority = 7  # after the header (5) and the history (6), before i18n (10)

    def apply(self, **kwargs: object) -> None:
        record = record_being_read(self.env)
        if not isinstance(record, schema.Release) or record.source is None:
            return
        section = next(iter(self.document.findall(nodes.section)), None)
        if section is None or not isinstance(section[0], nodes.title):
            return
        source = record.source
        block = generated(nodes.container(classes=["release-provenance"]))
        heading = labels.provenance_heading()
        block += generated(nodes.rubric(heading, heading))
        path = original_path(Path(self.env.srcdir), source.file) if source.file else None
        if source.file and path is not None and path.is_file():
            line = generated(nodes.paragraph(classes=["original"]))
            label = labels.original_download()
            # The download collector copies the file into _downloads/ and
            # makes the record depend on it.
            line += addnodes.download_reference(
                "",
                "",
                nodes.inline(label, label),
                reftarget="/" + Path(source.file).as_posix(),
                refdoc=self.env.docname,
                refexplicit=True,
                refdomain="",
                reftype="download",
                classes=["original-download"],
            )
            line += nodes.Text(f" ({Path(source.file).name}")
            if source.retrieved:
                line += nodes.Text(", ")
                line += fill_pattern(
                    labels.original_retrieved(), date=long_date(source.retrieved, self.config)
                )
            line += nodes.Text(")")
            block += line
        if source.sha256:
            line = generated(nodes.paragraph(classes=["checksum"]))
            line += fill_pattern(
                labels.original_checksum(), sha256=nodes.literal(source.sha256, source.sha256)
            )
            block += line
        if source.url:
            url = str(source.url)
            line = generated(nodes.paragraph(classes=["original-url"]))
            line += fill_pattern(labels.original_publication(), url=nodes.reference(url, url, refuri=url))
            block += line
        if len(block) > 1:
            section += block


def setup_provenance(app: Sphinx) -> None:
    app.connect("source-read", check_original, priority=600)  # after records.py reads the record
    app.add_transform(OfferOriginal)
