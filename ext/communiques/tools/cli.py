"""``python -m communiques``: the archivists' commands (new, import, check).

Each subcommand is a thin layer over a module that does the work
(:mod:`communiques.tools.scaffold`, :mod:`communiques.tools.importer`,
:mod:`communiques.tools.check`); this module parses the command line, finds the
archive, and reports in words an archivist can act on. Exit status: 0 when
all is well, 1 when a record has problems, 2 when the command was misused.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from communiques.core.languages import LANGUAGES
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
  python -m communiques import ~/migration/ --dry-run (many files at once; says what it would write)
  python -m communiques import release.txt --stdout (only shows the record)
  python -m communiques check                       (the whole archive)
  python -m communiques check source/releases/2020  (only what concerns these files)
  python -m communiques check --drafts              (and the draft records to review)

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
        help="turn releases (plain text or saved web pages) into records, in one go",
        description=(
            "Read releases, as plain text in the seed's shape (letterhead, ## title, ### subtitle, "
            "bold dateline '**Québec, le 25 juin 2020.** –', body, Citations, Faits saillants, Liens "
            "connexes, - 30 -, contacts) or as web pages saved as HTML, and write each as a record: "
            "metadata filled, sections as directives, the first mention of each recorded person, "
            "organisation and agreement in each paragraph linked, however it is written. People "
            "quoted or named as contacts, and organisations in letterheads and contacts, that match "
            "no record get a draft record (review them with `check --drafts`). The original is kept "
            "in source/originals/ with its SHA-256. Importing a release again updates what came "
            "from the text and keeps the archivist's edits; where both changed the same part, it "
            "stops with a diff until you choose --keep-mine or --replace."
        ),
        epilog=(
            "examples:\n"
            "  python -m communiques import ~/Téléchargements/communique.txt\n"
            "  python -m communiques import ~/migration/ --dry-run     (a folder: its .txt, .html and .htm)\n"
            "  python -m communiques import 'exports/2019-*.html'       (a pattern, quoted)\n"
            "  python -m communiques import communique.txt --keep-mine  (again, after editing the record)"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    imp.add_argument(
        "paths", nargs="+", metavar="PATHS", help="files, folders or glob patterns (UTF-8 text, HTML)"
    )
    imp.add_argument(
        "--slug", help="the end of the file name, instead of one made from the title (one file only)"
    )
    imp.add_argument(
        "--stdout", action="store_true", help="print the record of one file instead of writing files"
    )
    imp.add_argument(
        "--dry-run",
        action="store_true",
        help="write nothing: say what would be written, with diffs of updates",
    )
    settle = imp.add_mutually_exclusive_group()
    settle.add_argument(
        "--keep-mine",
        action="store_const",
        const="mine",
        dest="prefer",
        help="on re-import, keep the record's version of the parts both you and the import changed",
    )
    settle.add_argument(
        "--replace",
        action="store_const",
        const="theirs",
        dest="prefer",
        help="on re-import, take the import's version of the parts both changed (and a new capture)",
    )
    imp.add_argument("--quiet", "-q", action="store_true", help="no progress bar")

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
        "--drafts", action="store_true", help="also list the draft records written by import, to review"
    )
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
    from communiques.tools import batch, import_report

    files, missing = batch.expand(args.paths)
    for given in missing:
        err(f"import: {given}: no such file, or no .txt/.html file in it")
    if not files:
        return 2
    if (args.slug or args.stdout) and len(files) > 1:
        err("import: --slug and --stdout take one file, not several")
        return 2
    options = batch.Options(dry_run=args.dry_run or args.stdout, prefer=args.prefer, slug=args.slug)
    runner = batch.Batch(root, options, progress=None if args.quiet else sys.stderr)
    summary = runner.run(files)
    if args.stdout:
        imported = summary.outcomes[0].imported
        if imported is not None:
            sys.stdout.write(imported.text)
        for line, message in summary.outcomes[0].problems:
            err(f"{summary.outcomes[0].source}:{line}: {message}")
        return 0 if imported is not None else 1
    import_report.report(summary, options, out, err)
    return 1 if any(o.action in ("failed", "conflict") for o in summary.outcomes) else 0


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
    if args.drafts:
        _list_drafts(root)
    return 1 if shown else 0


def _list_drafts(root: Path) -> None:
    """The draft records, one line each: where, who, and what the releases say of them."""
    from communiques.tools import authority

    drafts = [e for e in authority.load(root / "source").entities if e.draft]
    for entity in drafts:
        evidence = entity.record.evidence
        seen = ", ".join(f"{e.release} ({e.date})" for e in evidence[:3]) + (
            " …" if len(evidence) > 3 else ""
        )
        posts = "; ".join(a.post for a in getattr(entity.record, "appointments", []))
        facts = f" — posts as printed: {posts}" if posts else ""
        where = _shown(entity.path) if entity.path else entity.id
        out(f"{where}:1: draft {entity.name}{facts}; named in {seen or 'no release'}")
    err(
        f"{len(drafts)} draft record(s) to review: check each against its releases, complete it "
        "(dates of posts, classification), then remove `draft: true`"
        if drafts
        else "no draft records"
    )


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
