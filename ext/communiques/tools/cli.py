"""``python -m communiques``: the archivists' commands (new, import, check).

Each subcommand is a thin layer over a module that does the work
(:mod:`communiques.tools.scaffold`, :mod:`communiques.tools.importer`,
:mod:`communiques.tools.check`); this module parses the command line, finds the
archive, and reports in words an archivist can act on. Exit status: 0 when
all is well, 1 when a record has problems, 2 when the command was misused.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from communiques.core.languages import LANGUAGES
from communiques.core.paths import RELEASE_DIR
from communiques.core.schema import RELEASE_TYPES

# The modules behind each command are imported when it runs: `check` does not
# pay for the importer's date parsing, nor `import` for Sphinx.

if TYPE_CHECKING:
    from collections.abc import Sequence

EPILOG = """\
examples:
  python -m communiques new --title "Le Québec et la France, partenaires stratégiques" \\
      --date 2020-06-25 --place Québec --issuer gouvernement-du-quebec
  python -m communiques import release.txt          (writes the record and a copy of the text)
  python -m communiques import release.txt --stdout (only shows the record)
  python -m communiques check                       (the whole archive)
  python -m communiques check source/releases/2020  (only what concerns these files)

With tox: tox -e archive -- check
Run `python -m communiques <command> --help` for the options of each command.
"""


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def err(text: str) -> None:
    sys.stderr.write(text + "\n")


def find_root(start: Path) -> Path | None:
    """The archive's folder: the nearest one above *start* with conf.py and source/."""
    for folder in (start, *start.parents):
        if (folder / "conf.py").is_file() and (folder / "source").is_dir():
            return folder
    return None


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        msg = f"{text!r} is not a date written YYYY-MM-DD (e.g. 2020-06-25)"
        raise argparse.ArgumentTypeError(msg) from exc


def parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(
        prog="python -m communiques",
        description=(
            "Tools for archivists: scaffold a new release, import the plain text of a release "
            "with its mentions linked, and check records in seconds with file:line messages."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    cli.add_argument(
        "--root",
        type=Path,
        help="the archive's folder (with conf.py and source/); default: found from the current folder",
    )
    commands = cli.add_subparsers(dest="command", required=True, metavar="COMMAND")

    new = commands.add_parser(
        "new",
        help="create a release record at its right path, with valid metadata",
        description=(
            "Create source/releases/<YYYY>/<YYYY-MM-DD>-<slug>.md with its front matter filled "
            "(the slug is made from the title) and the page of the year if it is new. Never "
            "writes over an existing file. Then write the body and run `check`."
        ),
        epilog='example:\n  python -m communiques new --title "Titre tel qu\'imprimé" --date 2020-06-25 '
        "--place Québec --issuer gouvernement-du-quebec",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    new.add_argument("--title", required=True, help="the title as printed")
    new.add_argument("--date", required=True, type=_iso_date, help="date of issue, YYYY-MM-DD")
    new.add_argument("--place", required=True, help="place of the dateline, e.g. Québec")
    new.add_argument(
        "--issuer",
        action="append",
        required=True,
        dest="issuers",
        help="id of an issuing organisation (a file in source/organisations/); repeat for several",
    )
    new.add_argument("--subtitle", help="the subtitle as printed, if any")
    new.add_argument("--type", default="press-release", choices=RELEASE_TYPES, help="default: press-release")
    new.add_argument("--language", default="fr", choices=LANGUAGES, help="language of the original")
    new.add_argument("--slug", help="the end of the file name, instead of one made from the title")

    imp = commands.add_parser(
        "import",
        help="turn the plain text of a release into a record",
        description=(
            "Read the plain text of a release (letterhead, ## title, ### subtitle, bold dateline "
            "'**Québec, le 25 juin 2020.** –', body, Citations, Faits saillants, Liens connexes, "
            "- 30 -, contacts) and write it as a record: metadata filled, sections as directives, "
            "the first mention of each recorded person, organisation and agreement in each "
            "paragraph linked. Names that match no record are listed as suggestions. A copy of "
            "the text is kept in source/originals/ with its SHA-256."
        ),
        epilog="example:\n  python -m communiques import ~/Téléchargements/communique.txt",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    imp.add_argument("file", type=Path, help="the plain text of the release (UTF-8)")
    imp.add_argument("--slug", help="the end of the file name, instead of one made from the title")
    imp.add_argument("--stdout", action="store_true", help="print the record instead of writing files")
    imp.add_argument("--force", action="store_true", help="write over an existing record")

    check = commands.add_parser(
        "check",
        help="check records and authority files in seconds (file:line messages)",
        description=(
            "Check the whole archive as the strict build does (front matter, paths, links, "
            "archive-wide rules, unsafe content) without writing the site, and print one "
            "`file:line: message` line per problem. With PATHS, only problems in those files "
            "or folders are shown (the whole archive is still read: ids are checked across "
            "files). Exit status 1 if any problem is shown. The first check reads every file; "
            "later ones only the files that changed."
        ),
        epilog="examples:\n  python -m communiques check\n"
        "  python -m communiques check source/people/nadine-girault.md",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("paths", nargs="*", type=Path, metavar="PATHS", help="files or folders to report on")
    check.add_argument("--fresh", action="store_true", help="read every file again (forget the last check)")
    check.add_argument("--quiet", "-q", action="store_true", help="no progress, only problems")
    check.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=1,
        metavar="N",
        help="read with N processes (a first check of a large archive; default: 1)",
    )
    return cli


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    root = (args.root or find_root(Path.cwd()) or Path.cwd()).resolve()
    if not (root / "conf.py").is_file() or not (root / "source").is_dir():
        err(f"{root} is not an archive (no conf.py and source/ there): run from the archive or give --root")
        return 2
    command = {"new": run_new, "import": run_import, "check": run_check}[args.command]
    return command(args, root)


def run_new(args: argparse.Namespace, root: Path) -> int:
    from communiques.tools import authority, scaffold

    try:
        made = scaffold.new_release(
            root / "source",
            authority.load(root / "source"),
            title=args.title,
            issued=args.date,
            issuers=args.issuers,
            place=args.place,
            type_=args.type,
            language=args.language,
            subtitle=args.subtitle,
            slug=args.slug,
        )
    except scaffold.ScaffoldError as exc:
        err(f"new: {exc}")
        return 1
    out(f"created {_shown(made.record)}")
    if made.year_page:
        out(f"created {_shown(made.year_page)} (the page of the year)")
    out(f"next: write the body, then run `python -m communiques check {_shown(made.record)}`")
    return 0


def run_import(args: argparse.Namespace, root: Path) -> int:
    from communiques.tools import authority, importer, scaffold

    srcdir = root / "source"
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        err(f"import: cannot read {args.file}: {exc.strerror}")
        return 2
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        err(f"{args.file}:{line}: the file is not UTF-8 (byte 0x{data[exc.start]:02X}): save it as UTF-8")
        return 1
    try:
        imported = importer.import_text(
            text,
            authority.load(srcdir),
            slug=args.slug,
            original="originals/{id}.txt",
            digest=hashlib.sha256(data).hexdigest(),
        )
    except importer.ReleaseTextError as exc:
        err(f"{args.file}: {exc}")
        return 1
    year = imported.id[:4]
    record = srcdir / RELEASE_DIR / year / f"{imported.id}.md"
    original = srcdir / "originals" / f"{imported.id}.txt"
    if args.stdout:
        sys.stdout.write(imported.text)
    else:
        if record.exists() and not args.force:
            err(f"import: {_shown(record)} already exists; compare with --stdout, or replace it with --force")
            return 1
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text(imported.text, encoding="utf-8")
        original.parent.mkdir(parents=True, exist_ok=True)
        if args.file.resolve() != original.resolve():
            shutil.copyfile(args.file, original)
        out(f"created {_shown(record)} ({imported.links} mentions linked)")
        out(f"kept the original as {_shown(original)}")
        year_page = record.parent / "index.md"
        if not year_page.exists():
            year_page.write_text(scaffold.YEAR_PAGE.format(year=int(year)), encoding="utf-8")
            out(f"created {_shown(year_page)} (the page of the year)")
    for note in imported.notes:
        err(f"note: {note}")
    if imported.suggestions:
        shown = ", ".join(f"{name} ({count}×)" if count > 1 else name for name, count in imported.suggestions)
        err(
            "names with no record (add one in source/people/, source/organisations/ or "
            f"source/agreements/ if they are entities, then import again): {shown}"
        )
    if not args.stdout:
        err(f"next: read the record, then run `python -m communiques check {_shown(record)}`")
    return 0


def run_check(args: argparse.Namespace, root: Path) -> int:
    from communiques.tools import check

    for path in args.paths:
        if not path.exists():
            err(f"check: {path} does not exist")
            return 2
    progress = None if args.quiet else sys.stderr
    result = check.run(root, progress=progress, fresh=args.fresh, jobs=max(1, args.jobs))
    shown = check.select(result.findings, args.paths)
    for finding in shown:
        out(str(finding))
    files = len({f.where for f in shown})
    summary = (
        f"{len(shown)} problem(s) in {files} file(s)" if shown else "no problems"
    ) + f"; {result.total} files checked ({result.read} read) in {result.seconds:.1f} s"
    if not args.quiet or shown:
        err(summary)
    return 1 if shown else 0


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
