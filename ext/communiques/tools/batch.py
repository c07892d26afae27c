"""``import`` over many files in one process: records, originals, drafts, and a summary.

Files, folders (their ``.txt``, ``.html`` and ``.htm`` files, recursively)
and glob patterns are read in one process: the archive's records are read
once, and the drafts written for one release are known to the next. For each
release the record is written at its path, the original is kept beside the
others with its checksum (an HTML page as ``<id>.html.txt``: the site offers
originals for download, and a stranger's page must never be served as a page
of the archive's own site), and what the import produced is kept as
``<id>.last-import`` for the next import of the same release to merge with
the archivist's edits (:mod:`communiques.tools.merge`).

Every input is treated as a stranger's: a file larger than :data:`MAX_BYTES`
is refused, nothing is read outside the paths given, every problem is
reported with the file and line it is about, and no file is written when a
release cannot be read.
"""

from __future__ import annotations

import glob
import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tqdm import tqdm

from communiques.core.paths import RELEASE_DIR
from communiques.tools import authority, htmlreader, merge
from communiques.tools.importer import Importer
from communiques.tools.scaffold import YEAR_PAGE
from communiques.tools.textreader import ReleaseTextError

if TYPE_CHECKING:
    from typing import TextIO

    from communiques.tools.drafts import DraftFile
    from communiques.tools.record import Imported

#: a release larger than this is not a release (the seed is 12 kB)
MAX_BYTES = 5 << 20
MAX_FILES = 100_000
SUFFIXES = (".txt", ".html", ".htm")
BASE_SUFFIX = ".last-import"

# tqdm's monitor thread outlives the bar and stays in the process: a process
# that goes on to fork (Sphinx's parallel reading, in the tests) would fork
# with a thread running, which may deadlock the child. The bar refreshes on
# each release anyway.
tqdm.monitor_interval = 0


@dataclass(frozen=True)
class Options:
    dry_run: bool = False
    #: settles conflicts on re-import: "mine" (the record as edited), "theirs" (the import), None: stop
    prefer: str | None = None
    slug: str | None = None
    drafts: bool = True


@dataclass
class Outcome:
    """What became of one input file."""

    source: Path
    action: str  # created, updated, unchanged, conflict, failed (nothing is written in a dry run)
    record: Path | None = None
    links: int = 0
    #: (line, message): problems and things to look at, by line of the input
    problems: list[tuple[int, str]] = field(default_factory=list)
    diff: str = ""
    imported: Imported | None = None


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)
    drafts: list[DraftFile] = field(default_factory=list)
    seconds: float = 0.0
    importer: Importer | None = None


def expand(inputs: list[str]) -> tuple[list[Path], list[str]]:
    """The files named by *inputs* (files, folders, glob patterns), and what could not be found."""
    found: dict[Path, None] = {}
    missing: list[str] = []
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            matches = sorted(p for p in path.rglob("*") if p.suffix.casefold() in SUFFIXES and p.is_file())
        elif path.is_file():
            matches = [path]
        elif glob.has_magic(given):
            matches = sorted(Path(p) for p in glob.glob(given, recursive=True) if Path(p).is_file())
        else:
            matches = []
        if not matches:
            missing.append(given)
        for match in matches:
            found.setdefault(match, None)
            if len(found) >= MAX_FILES:
                return list(found), missing
    return list(found), missing


class Batch:
    def __init__(self, root: Path, options: Options, *, progress: TextIO | None = None) -> None:
        self.root = root
        self.srcdir = root / "source"
        self.options = options
        self.progress = progress
        self.importer = Importer(self.srcdir, authority.load(self.srcdir), drafts=options.drafts)

    def run(self, files: list[Path]) -> Summary:
        started = time.perf_counter()
        summary = Summary(importer=self.importer)
        bar = tqdm(
            files,
            desc="import",
            unit=" release",
            file=self.progress,
            disable=self.progress is None or not self.progress.isatty(),
            leave=False,
        )
        for path in bar:
            bar.set_postfix_str(path.name[-40:], refresh=False)
            summary.outcomes.append(self.one(path))
            self._write_drafts()
        summary.drafts = list(self.importer.drafting.files.values())
        summary.seconds = time.perf_counter() - started
        return summary

    def one(self, path: Path) -> Outcome:
        try:
            if path.stat().st_size > MAX_BYTES:
                return Outcome(
                    path, "failed", problems=[(1, f"larger than {MAX_BYTES >> 20} MB: not a release")]
                )
            data = path.read_bytes()
        except OSError as exc:
            return Outcome(path, "failed", problems=[(1, f"cannot read it ({exc.strerror})")])
        page = None
        if path.suffix.casefold() in (".html", ".htm"):
            try:
                page = htmlreader.to_text(data)
            except htmlreader.PageError as exc:
                return Outcome(path, "failed", problems=[(1, str(exc))])
            text, suffix = page.text, ".html.txt"
        else:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                line = data.count(b"\n", 0, exc.start) + 1
                message = f"the file is not UTF-8 (byte 0x{data[exc.start]:02X}): save it as UTF-8"
                return Outcome(path, "failed", problems=[(line, message)])
            suffix = ".txt"
        try:
            imported = self.importer.release(
                text,
                slug=self.options.slug,
                original="originals/{id}" + suffix,
                digest=hashlib.sha256(data).hexdigest(),
                url=page.url if page is not None else None,
            )
        except ReleaseTextError as exc:
            line = page.line_of(exc.line) if page is not None else exc.line
            return Outcome(path, "failed", problems=[(line, str(exc))])
        problems = [(page.line_of(n.line) if page is not None else n.line, n.message) for n in imported.notes]
        outcome = self._write(path, data, imported, suffix)
        outcome.problems = problems + outcome.problems
        outcome.links, outcome.imported = imported.links, imported
        return outcome

    def _write(self, path: Path, data: bytes, imported: Imported, suffix: str) -> Outcome:
        record = self.srcdir / RELEASE_DIR / imported.id[:4] / f"{imported.id}.md"
        original = self.srcdir / "originals" / f"{imported.id}{suffix}"
        base_file = self.srcdir / "originals" / f"{imported.id}{BASE_SUFFIX}"
        theirs = imported.text
        if original.exists() and original.read_bytes() != data and self.options.prefer != "theirs":
            return Outcome(
                path,
                "conflict",
                record,
                problems=[
                    (
                        1,
                        f"{_shown(original)} already holds another capture of this release: compare them; "
                        "to keep this one instead, import again with --replace and add a `revisions` entry "
                        "saying why",
                    )
                ],
            )
        if not record.exists():
            self._save(record, theirs, original, data, base_file)
            return Outcome(path, "created", record)
        mine = record.read_text(encoding="utf-8")
        base = base_file.read_text(encoding="utf-8") if base_file.is_file() else None
        if mine == theirs:
            self._save(record, None, original, data, base_file, base=theirs)
            return Outcome(path, "unchanged", record)
        if base is None or base == mine:
            if base is None and self.options.prefer is None:
                return self._conflict(
                    path,
                    record,
                    mine,
                    theirs,
                    "it was not written by import (or before import kept its last result)",
                )
            text = mine if base is None and self.options.prefer == "mine" else theirs
            self._save(record, text, original, data, base_file, base=theirs)
            action = "unchanged" if text == mine else "updated"
            return Outcome(path, action, record, diff=merge.unified(mine, text, "record", "import"))
        merged = merge.merge(base, mine, theirs, prefer=self.options.prefer)
        if merged.conflicts and self.options.prefer is None:
            return self._conflict(path, record, mine, theirs, "; ".join(merged.conflicts))
        self._save(record, merged.text, original, data, base_file, base=theirs)
        action = "unchanged" if merged.text == mine else "updated"
        outcome = Outcome(path, action, record, diff=merge.unified(mine, merged.text, "record", "merged"))
        if merged.kept:
            outcome.problems.append((1, f"kept {merged.kept} of the archivist's edits in {_shown(record)}"))
        return outcome

    def _conflict(self, path: Path, record: Path, mine: str, theirs: str, what: str) -> Outcome:
        advice = (
            f"{_shown(record)} was edited since it was imported, and the import changes the same parts "
            f"({what}): nothing written. Read the diff; then import again with --keep-mine to keep the "
            "record's version of those parts, or --replace to take the import's (other edits are kept "
            "either way)"
        )
        return Outcome(
            path,
            "conflict",
            record,
            problems=[(1, advice)],
            diff=merge.unified(mine, theirs, "record", "import"),
        )

    def _save(
        self,
        record: Path,
        text: str | None,
        original: Path,
        data: bytes,
        base_file: Path,
        *,
        base: str | None = None,
    ) -> None:
        if self.options.dry_run:
            return
        record.parent.mkdir(parents=True, exist_ok=True)
        if text is not None:
            record.write_text(text, encoding="utf-8")
        year_page = record.parent / "index.md"
        if not year_page.exists():
            year_page.write_text(YEAR_PAGE.format(year=int(record.parent.name)), encoding="utf-8")
        original.parent.mkdir(parents=True, exist_ok=True)
        if not original.exists() or original.read_bytes() != data:
            original.write_bytes(data)
        base_file.write_text(base if base is not None else (text or ""), encoding="utf-8")

    def _write_drafts(self) -> None:
        for draft in self.importer.drafting.files.values():
            if not draft.changed:
                continue
            if not self.options.dry_run:
                draft.path.parent.mkdir(parents=True, exist_ok=True)
                draft.path.write_text(draft.text(), encoding="utf-8")
            draft.changed = False
            draft.written = True  # (in a dry run: would be)


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
