"""The translators' catalogs: update, check, progress (``python -m communiques.tools.catalogs``).

The archive's text is translated through gettext catalogs, one per document
(``gettext_compact = False``) plus ``communiques`` for the extension's labels,
kept in ``locales/<lang>/LC_MESSAGES/``. Three commands:

``update``
    runs the gettext build (the message templates, ``.pot``, of the sources
    as they are now) into ``_build/gettext/``, then ``sphinx-intl update``
    with a fixed line width, which creates the missing ``.po`` files and
    merges the changes into the others. A changed message keeps its old
    translation, marked fuzzy for review; a removed message is kept as an
    obsolete ``#~`` entry: nothing a translator wrote is lost.
``check``
    ``msgfmt --check`` on every catalog, and the catalogs are up to date with
    the sources (``update`` would change nothing); the exit status says so
    and the message gives the command to run.
``progress``
    per language and per catalog, how many of the *current* messages are
    translated, fuzzy or untranslated (see :mod:`communiques.translation.progress`).

The templates are always written to the same folder (``_build/gettext``
under the project): the locations in the catalogs (``#: ../../source/…``)
are relative to it, so they do not change from one machine to another.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from communiques.core.files import PACKAGE_DIR
from communiques.core.files import REPOSITORY as ROOT
from communiques.core.languages import LANGUAGES
from communiques.translation.progress import Counts, count, message_keys, read_catalog

#: the line width of every catalog; changing it rewraps every file
LINE_WIDTH = 76

#: the languages translated from the source language (the first of the site's)
TARGET_LANGUAGES: tuple[str, ...] = LANGUAGES[1:]

#: what to run when the catalogs are behind the sources
UPDATE_COMMAND = "tox -e intl"

EXT_DIR = PACKAGE_DIR.parent


@dataclass(frozen=True)
class Project:
    """Where a Sphinx project's sources, configuration and catalogs are."""

    confdir: Path
    srcdir: Path
    locale_dir: Path

    @classmethod
    def archive(cls, root: Path = ROOT) -> Project:
        return cls(confdir=root, srcdir=root / "source", locale_dir=root / "locales")

    @property
    def pot_dir(self) -> Path:
        return self.confdir / "_build" / "gettext"

    @property
    def doctree_dir(self) -> Path:
        return self.confdir / "_build" / "doctrees" / "gettext"

    def po_path(self, language: str, catalog: str) -> Path:
        return self.locale_dir / language / "LC_MESSAGES" / f"{catalog}.po"

    def po_files(self, language: str | None = None) -> list[Path]:
        """Every ``.po`` of *language* (of every language if None)."""
        pattern = f"{language}/LC_MESSAGES/**/*.po" if language else "*/LC_MESSAGES/**/*.po"
        return sorted(self.locale_dir.glob(pattern))


def _subprocess_env() -> dict[str, str]:
    """The environment of a child Python that must import the extension."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(EXT_DIR), env.get("PYTHONPATH")]))
    return env


def write_templates(project: Project, *, quiet: bool = True) -> dict[str, Path]:
    """Run the gettext build from scratch; the ``.pot`` of each catalog by name.

    From scratch (``-E`` into an emptied folder): the templates of deleted
    documents must not survive, or their catalogs would be updated forever.
    """
    shutil.rmtree(project.pot_dir, ignore_errors=True)
    command = [
        sys.executable, "-m", "sphinx", "-b", "gettext", "-E",
        *(["-q"] if quiet else []),
        "-c", str(project.confdir),
        "-d", str(project.doctree_dir),
        str(project.srcdir), str(project.pot_dir),
    ]  # fmt: skip
    result = subprocess.run(command, check=False, env=_subprocess_env(), cwd=project.confdir)
    if result.returncode != 0:
        raise SystemExit(f"the gettext build failed (exit {result.returncode}): {' '.join(command)}")
    return templates(project)


def templates(project: Project) -> dict[str, Path]:
    return {
        path.relative_to(project.pot_dir).with_suffix("").as_posix(): path
        for path in sorted(project.pot_dir.rglob("*.pot"))
    }


def update_catalogs(project: Project, languages: Sequence[str]) -> None:
    """``sphinx-intl update`` of *languages* from the templates already written."""
    command = [
        sys.executable, "-m", "sphinx_intl", "update",
        "-p", str(project.pot_dir),
        "-d", str(project.locale_dir),
        *(arg for language in languages for arg in ("-l", language)),
        "-w", str(LINE_WIDTH),
    ]  # fmt: skip
    result = subprocess.run(command, check=False, env=_subprocess_env(), cwd=project.confdir)
    if result.returncode != 0:
        raise SystemExit(f"sphinx-intl update failed (exit {result.returncode}): {' '.join(command)}")


@dataclass(frozen=True)
class Finding:
    """A catalog that is not what ``update`` would make of it."""

    path: Path
    problem: str


def outdated(project: Project, pots: dict[str, Path], languages: Sequence[str]) -> list[Finding]:
    """Catalogs ``sphinx-intl update`` would create or change.

    sphinx-intl rewrites a ``.po`` exactly when its set of live messages
    differs from the template's, which is what is compared here.
    """
    findings = []
    for language in languages:
        for name, pot_path in pots.items():
            po_path = project.po_path(language, name)
            po = read_catalog(po_path, language)
            pot = read_catalog(pot_path)
            assert pot is not None
            if po is None:
                findings.append(Finding(po_path, "missing"))
                continue
            wanted, have = set(message_keys(pot)), set(message_keys(po))
            if wanted != have:
                findings.append(
                    Finding(po_path, f"{len(wanted - have)} new message(s), {len(have - wanted)} gone")
                )
    return findings


def orphans(project: Project, pots: dict[str, Path], languages: Sequence[str]) -> list[Path]:
    """Catalogs whose document no longer exists (kept: they may hold a renamed record's text)."""
    wanted = {project.po_path(language, name) for language in languages for name in pots}
    return [po for language in languages for po in project.po_files(language) if po not in wanted]


def msgfmt_errors(paths: Sequence[Path]) -> list[Finding]:
    """``msgfmt --check`` of each catalog: syntax, header, format strings."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        raise SystemExit("msgfmt is missing: install GNU gettext (Debian: apt-get install gettext)")
    findings = []
    for path in paths:
        result = subprocess.run(
            [msgfmt, "--check", "--output-file", os.devnull, str(path)],
            check=False,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            findings.append(Finding(path, result.stderr.strip()))
    return findings


def progress(
    project: Project, pots: dict[str, Path], languages: Sequence[str]
) -> dict[str, dict[str, Counts]]:
    """Per language, per catalog: counts of the templates' messages in the ``.po``."""
    table: dict[str, dict[str, Counts]] = {}
    for language in languages:
        table[language] = {}
        for name, pot_path in pots.items():
            pot = read_catalog(pot_path)
            assert pot is not None
            po = read_catalog(project.po_path(language, name), language)
            table[language][name] = count(message_keys(pot), po)
    return table


# -- command line ------------------------------------------------------------------------


def _relative(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def run_update(project: Project, languages: Sequence[str]) -> int:
    pots = write_templates(project)
    update_catalogs(project, languages)
    for language in languages:
        print(summary_line(language, progress(project, pots, [language])[language]))
    return 0


def run_check(project: Project, languages: Sequence[str]) -> int:
    failed = False
    bad = msgfmt_errors(project.po_files())
    for finding in bad:
        print(f"{_relative(finding.path)}: msgfmt --check failed:\n{finding.problem}", file=sys.stderr)
    failed |= bool(bad)
    pots = write_templates(project)
    stale = outdated(project, pots, languages)
    for finding in stale:
        print(f"{_relative(finding.path)}: {finding.problem}", file=sys.stderr)
    for path in orphans(project, pots, languages):
        print(
            f"{_relative(path)}: no document of this name any more (kept; delete it if unused)",
            file=sys.stderr,
        )
    if stale:
        print(
            "the catalogs are not up to date with the sources: run `"
            + UPDATE_COMMAND
            + "` (or `PYTHONPATH=ext python -m communiques.tools.catalogs update`), translate, and commit "
            + _relative(project.locale_dir),
            file=sys.stderr,
        )
        failed = True
    if not failed:
        count_po = len(project.po_files())
        print(f"{count_po} catalogs pass msgfmt --check and are up to date with the sources")
    return 1 if failed else 0


def summary_line(language: str, per_catalog: dict[str, Counts]) -> str:
    total = sum(per_catalog.values(), Counts())
    return (
        f"{language}: {len(per_catalog)} catalogs, {total.total} messages: "
        f"{total.translated} translated ({total.percent} %), {total.fuzzy} fuzzy, "
        f"{total.untranslated} untranslated"
    )


def progress_report(table: dict[str, dict[str, Counts]], *, everything: bool) -> str:
    """The progress as text: a summary per language, then its unfinished catalogs."""
    lines = []
    for language, per_catalog in table.items():
        lines.append(summary_line(language, per_catalog))
        shown = {name: c for name, c in per_catalog.items() if everything or not c.complete}
        if not shown:
            continue
        width = max(len("catalog"), *(len(name) for name in shown))
        lines.append(f"  {'catalog':<{width}}  translated  fuzzy  untranslated     %")
        for name, c in shown.items():
            lines.append(
                f"  {name:<{width}}  {c.translated:>10}  {c.fuzzy:>5}  {c.untranslated:>12}  {c.percent:>4}"
            )
    return "\n".join(lines)


def run_progress(project: Project, languages: Sequence[str], *, everything: bool, as_json: bool) -> int:
    pots = write_templates(project)
    table = progress(project, pots, languages)
    if as_json:
        data = {
            language: {
                name: {
                    "translated": c.translated,
                    "fuzzy": c.fuzzy,
                    "untranslated": c.untranslated,
                    "total": c.total,
                }
                for name, c in per_catalog.items()
            }
            for language, per_catalog in table.items()
        }
        print(json.dumps(data, indent=2, sort_keys=True))
    else:
        print(progress_report(table, everything=everything))
    return 0


def parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(
        prog="python -m communiques.tools.catalogs",
        description="The translators' catalogs of the archive: update them, check them, show progress.",
    )
    commands = cli.add_subparsers(dest="command", required=True)
    update = commands.add_parser(
        "update",
        help="gettext build, then `sphinx-intl update`: new messages added, changed ones fuzzy, none lost",
    )
    check = commands.add_parser(
        "check", help="msgfmt --check on every catalog, and the catalogs are up to date with the sources"
    )
    show = commands.add_parser(
        "progress", help="translated / fuzzy / untranslated messages per language and catalog"
    )
    show.add_argument("--all", action="store_true", help="list complete catalogs too")
    show.add_argument("--json", action="store_true", help="print the counts as JSON")
    for command in (update, check, show):
        command.add_argument(
            "-l",
            "--language",
            action="append",
            choices=TARGET_LANGUAGES,
            help=f"only this language (repeat for several; default: {', '.join(TARGET_LANGUAGES)})",
        )
        command.add_argument(
            "--root",
            type=Path,
            default=ROOT,
            help="the archive's root, holding conf.py, source/ and locales/ (default: %(default)s)",
        )
    return cli


def main(argv: Sequence[str] | None = None) -> int:
    options = parser().parse_args(argv)
    project = Project.archive(options.root.resolve())
    languages = options.language or list(TARGET_LANGUAGES)
    if options.command == "update":
        return run_update(project, languages)
    if options.command == "check":
        return run_check(project, languages)
    return run_progress(project, languages, everything=options.all, as_json=options.json)


if __name__ == "__main__":
    sys.exit(main())
