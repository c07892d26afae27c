"""The published site: assembled in a staging folder, proved, then moved into place whole.

The site build's steps write into work folders (one per language: Sphinx's
output, the PDFs, the search index), which keep what incremental builds
need, ghosts included. The published site is assembled from what the
build means to publish (:class:`communiques.publishing.outputs.Outputs`),
each file with its SHA-256, into ``.<site>.staging`` beside it:

- a file whose bytes are those of the published site is hard-linked from
  it (nothing ever writes into a published file: Sphinx rewrites its pages
  in place, so the work folders are copied from, never linked to);
- any other file is copied from its work folder.

:func:`swap` then puts the staging folder in the site's place. Until then the
published site is untouched: a build that fails at any step, or whose
products do not pass :mod:`communiques.publishing.verify`, leaves the previous
good site as it was. The site's ``site-manifest.json`` lists every published
file with its digest: the next build compares with it, and so does the
pull request's summary (:mod:`communiques.tools.site_changes`).

**The spare.** At 10,000 releases a site is over 100,000 files: linking each
one into an empty folder, and deleting the replaced site, took 11 s of a
pull request's build. So the replaced site is kept beside the new one as
``.<site>.old``, and the next staging starts from it: its files that the
new site has, bytes unchanged, stay (they are hard links, or files proved
when they were published); the others are removed, and what changed is
linked or copied as above. Its manifest says what it holds; it is removed
before the spare is touched, so that a spare left half-made by a stopped
build is not trusted, only deleted.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from communiques.core.digests import sha256_of  # noqa: F401 (the tests' digests of published files)
from communiques.core.files import write_atomically

#: the list of the published files and their digests, at the site's root
MANIFEST_NAME = "site-manifest.json"
MANIFEST_VERSION = 1
#: the digests of a work folder's files, by size and modification time (:class:`Digests`)
DIGESTS_NAME = "communiques-digests.json"


@dataclass
class Manifest:
    """Every published file (relative to the site's root, ``/`` separated) and its SHA-256."""

    files: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> Manifest | None:
        """The manifest in the file *path*, or None if there is none that reads."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") == MANIFEST_VERSION and isinstance(data.get("files"), dict):
                return cls({str(name): str(digest) for name, digest in data["files"].items()})
        except (OSError, ValueError, AttributeError):
            pass
        return None

    @classmethod
    def of_site(cls, site: Path) -> Manifest:
        """The manifest of a published site; empty if it has none (or none that reads)."""
        return cls.read(site / MANIFEST_NAME) or cls()

    def dumps(self) -> bytes:
        document = {
            "version": MANIFEST_VERSION,
            "algorithm": "sha256",
            "files": dict(sorted(self.files.items())),
        }
        return (json.dumps(document, indent=0, ensure_ascii=False) + "\n").encode()

    def under(self, prefix: str) -> dict[str, str]:
        return {name: digest for name, digest in self.files.items() if name.startswith(prefix)}


def staging_of(site: Path) -> Path:
    return site.parent / f".{site.name}.staging"


def refuse_foreign(site: Path) -> str | None:
    """Why *site* must not be replaced (a folder that is no site), or None."""
    if not site.exists():
        return None
    if not site.is_dir():
        return f"{site} is not a folder"
    if (site / MANIFEST_NAME).is_file() or (site / "index.html").is_file() or not any(site.iterdir()):
        return None
    return f"{site} holds files but no site (no {MANIFEST_NAME}, no index.html): give another --out"


def spare_of(site: Path) -> Path:
    """The site replaced by the last publication, kept to stage the next one from."""
    return site.parent / f".{site.name}.old"


@dataclass
class Assembly:
    """What staging did."""

    staging: Path
    manifest: Manifest
    linked: int = 0
    copied: int = 0
    #: files of the spare kept as they were
    kept: int = 0


def _files_under(folder: Path) -> set[str]:
    """Every file under *folder* (relative, ``/`` separated); anything else but folders removed.

    Strings, not paths: a spare holds over 100,000 files at 10,000 releases.
    """
    found: set[str] = set()
    pending = [(str(folder), "")]
    while pending:
        where, prefix = pending.pop()
        with os.scandir(where) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, f"{prefix}{entry.name}/"))
                elif entry.is_file(follow_symlinks=False):
                    found.add(f"{prefix}{entry.name}")
                else:
                    os.unlink(entry.path)  # a link or a device: never published
    return found


def _from_spare(site: Path, staging: Path, wanted: dict[str, tuple[Path, str]]) -> dict[str, str]:
    """Move the spare to *staging* with only what *wanted* keeps; {kept file: digest}.

    Without a spare whose manifest reads, *staging* starts empty.
    """
    spare = spare_of(site)
    manifest = Manifest.read(spare / MANIFEST_NAME) if spare.is_dir() else None
    if manifest is None:
        shutil.rmtree(spare, ignore_errors=True)
        staging.mkdir(parents=True)
        return {}
    (spare / MANIFEST_NAME).unlink()  # from now on, what it holds is no manifest's
    spare.rename(staging)
    kept: dict[str, str] = {}
    emptied: set[Path] = set()
    for name in _files_under(staging):
        digest = manifest.files.get(name)
        if digest is not None and name in wanted and wanted[name][1] == digest:
            kept[name] = digest
            continue
        (staging / name).unlink()
        emptied.add((staging / name).parent)
    for folder in sorted(emptied, key=lambda path: len(path.parts), reverse=True):
        while folder != staging and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    return kept


def assemble(site: Path, wanted: dict[str, tuple[Path, str]], previous: Manifest) -> Assembly:
    """Assemble *wanted* ({site path: (file, digest)}) into the staging folder of *site*."""
    staging = staging_of(site)
    shutil.rmtree(staging, ignore_errors=True)
    kept = _from_spare(site, staging, wanted)
    made: set[Path] = {staging}
    assembly = Assembly(staging, Manifest({name: digest for name, (_path, digest) in wanted.items()}))
    assembly.kept = len(kept)
    for name, (path, digest) in sorted(wanted.items()):
        if name in kept:
            continue
        target = staging / name
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        published = site / name
        if previous.files.get(name) == digest and published.is_file():
            try:
                os.link(published, target)
                assembly.linked += 1
                continue
            except OSError:
                pass  # another file system, or no hard links: copy
        shutil.copyfile(path, target)
        assembly.copied += 1
    write_atomically(staging / MANIFEST_NAME, assembly.manifest.dumps())
    return assembly


def swap(site: Path, staging: Path) -> None:
    """Put *staging* in the place of *site*; the replaced site is kept as the next staging's spare."""
    spare = spare_of(site)
    shutil.rmtree(spare, ignore_errors=True)  # normally none: staging started from it
    if site.exists():
        site.rename(spare)
    staging.rename(site)


def discard(site: Path) -> None:
    """Keep a staging folder that will not be published as the next one's spare (its manifest is right)."""
    staging = staging_of(site)
    if not (staging / MANIFEST_NAME).is_file():
        shutil.rmtree(staging, ignore_errors=True)
        return
    shutil.rmtree(spare_of(site), ignore_errors=True)
    staging.rename(spare_of(site))
