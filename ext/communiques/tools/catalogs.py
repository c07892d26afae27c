"""The translators' catalogs: update, check, progress (``python -m communiques.tools.catalogs``).

The archive's text is translated through gettext catalogs, one per document
(``gettext_compact = False``) plus ``communiques`` for the extension's labels
and ``sphinx`` for the theme's strings, kept in ``locales/<lang>/LC_MESSAGES/``.
Each catalog goes one way, from the language its messages are written in into
every other language of the site (:mod:`communiques.translation.directions`):
French records and the labels into English, English records and the theme's
strings into French. Three commands:

``update``
    runs the gettext build (the message templates, ``.pot``, of the sources
    as they are now) into ``_build/gettext/<original>/``, then, for each
    direction, ``sphinx-intl update`` with a fixed line width, which creates
    the missing ``.po`` files and merges the changes into the others. A
    changed message keeps its old translation, marked fuzzy for review; a
    removed message is kept as an obsolete ``#~`` entry: nothing a
    translator wrote is lost.
``check``
    what must hold whatever is translated (:mod:`communiques.translation.rules`):
    every catalog passes ``msgfmt --check``, has a filled header once it holds
    a translation, and keeps every placeholder; the interface catalogs are up
    to date and complete. Catalogs behind the sources are listed, not failed:
    translation is progress, not a gate. The exit status says which.
``progress``
    per direction and per catalog, how many of the *current* messages are
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

from communiques.core.files import REPOSITORY as ROOT
from communiques.core.languages import LANGUAGES
from communiques.tools.catalog_project import (
    EXT_DIR,
    Project,
    Template,
    templates,
    update_catalogs,
    write_templates,
)
from communiques.translation.directions import INTERFACE_CATALOGS, LINE_WIDTH, targets
from communiques.translation.progress import Counts, count, message_keys, read_catalog
from communiques.translation.rules import header_problems, placeholder_problems

#: what the tests and other tools take from here
__all__ = [
    "EXT_DIR",
    "LINE_WIDTH",
    "Project",
    "Template",
    "templates",
    "update_catalogs",
    "write_templates",
]

#: the languages catalogs are translated into: every language of the site
TARGET_LANGUAGES: tuple[str, ...] = LANGUAGES

#: what to run when the catalogs are behind the sources
UPDATE_COMMAND = "tox -e intl"


@dataclass(frozen=True)
class Finding:
    """A catalog that is not what ``update`` would make of it."""

    path: Path
    problem: str


def outdated(project: Project, pots: dict[str, Template], languages: Sequence[str]) -> list[Finding]:
    """Catalogs ``sphinx-intl update`` would create or change.

    sphinx-intl rewrites a ``.po`` exactly when its set of live messages
    differs from the template's, which is what is compared here.
    """
    findings = []
    for template in pots.values():
        pot = read_catalog(template.path)
        assert pot is not None
        for language in targets(template.original, languages):
            po_path = project.po_path(language, template.name)
            po = read_catalog(po_path, language)
            if po is None:
                findings.append(Finding(po_path, "missing"))
                continue
            wanted, have = set(message_keys(pot)), set(message_keys(po))
            if wanted != have:
                findings.append(
                    Finding(po_path, f"{len(wanted - have)} new message(s), {len(have - wanted)} gone")
                )
    return findings


def orphans(project: Project, pots: dict[str, Template], languages: Sequence[str]) -> list[Path]:
    """Catalogs no template asks for (kept: they may hold a renamed record's text).

    A page deleted or renamed, or a record whose ``language`` changed (its
    catalogs then go the other way).
    """
    wanted = {
        project.po_path(language, t.name)
        for t in pots.values()
        for language in targets(t.original, languages)
    }
    return [po for language in languages for po in project.po_files(language) if po not in wanted]


def rule_problems(project: Project, paths: Sequence[Path]) -> list[Finding]:
    """Headers and placeholders of each catalog (:mod:`communiques.translation.rules`)."""
    findings: list[Finding] = []
    for path in paths:
        language = project.language_of(path)
        catalog = read_catalog(path, language)
        assert catalog is not None
        findings.extend(Finding(path, problem) for problem in header_problems(catalog, language))
        for message, problem in placeholder_problems(catalog):
            msgid = message.id if isinstance(message.id, str) else message.id[0]
            findings.append(Finding(path, f"{problem} in the translation of {short(msgid)!r}"))
    return findings


def short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def interface_problems(
    project: Project, pots: dict[str, Template], languages: Sequence[str]
) -> list[Finding]:
    """The interface catalogs (labels, theme) must be up to date and complete in every language."""
    findings = []
    for name in INTERFACE_CATALOGS:
        template = pots.get(name)
        if template is None:
            continue
        pot = read_catalog(template.path)
        assert pot is not None
        for language in targets(template.original, languages):
            po_path = project.po_path(language, name)
            counts = count(message_keys(pot), read_catalog(po_path, language))
            if not counts.complete:
                findings.append(
                    Finding(
                        po_path,
                        f"{counts.untranslated} untranslated and {counts.fuzzy} fuzzy message(s): "
                        "every label of the site must be translated",
                    )
                )
    return findings


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
    project: Project, pots: dict[str, Template], languages: Sequence[str]
) -> dict[str, dict[str, Counts]]:
    """Per direction (``fr→en``), per catalog: counts of the templates' messages in the ``.po``."""
    table: dict[str, dict[str, Counts]] = {}
    for original in LANGUAGES:
        for language in targets(original, languages):
            row: dict[str, Counts] = {}
            for template in pots.values():
                if template.original != original:
                    continue
                pot = read_catalog(template.path)
                assert pot is not None
                row[template.name] = count(
                    message_keys(pot), read_catalog(project.po_path(language, template.name), language)
                )
            if row:
                table[direction(original, language)] = row
    return table


def direction(original: str, target: str) -> str:
    return f"{original}→{target}"


# -- command line ------------------------------------------------------------------------


def _relative(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def run_update(project: Project, languages: Sequence[str]) -> int:
    pots = write_templates(project)
    update_catalogs(project, languages)
    for key, per_catalog in progress(project, pots, languages).items():
        print(summary_line(key, per_catalog))
    return 0


def run_check(project: Project, languages: Sequence[str]) -> int:
    """The rules: exit 1 if a catalog is wrong; catalogs merely behind the sources are listed."""
    paths = [po for language in languages for po in project.po_files(language)]
    wrong = msgfmt_errors(paths)
    for finding in wrong:
        print(f"{_relative(finding.path)}: msgfmt --check failed:\n{finding.problem}", file=sys.stderr)
    pots = write_templates(project)
    for finding in [*rule_problems(project, paths), *interface_problems(project, pots, languages)]:
        print(f"{_relative(finding.path)}: {finding.problem}", file=sys.stderr)
        wrong.append(finding)
    stale = outdated(project, pots, languages)
    interface = {project.po_path(language, name) for name in INTERFACE_CATALOGS for language in languages}
    for finding in stale:
        if finding.path in interface:
            wrong.append(finding)
            print(f"{_relative(finding.path)}: {finding.problem} (the site's labels)", file=sys.stderr)
        else:
            print(f"{_relative(finding.path)}: {finding.problem}")
    for path in orphans(project, pots, languages):
        print(
            f"{_relative(path)}: no page is translated with this catalog any more (kept; delete it if unused)"
        )
    if stale:
        print(
            f"{len(stale)} catalog(s) behind the sources: run `{UPDATE_COMMAND}` "
            "(or `PYTHONPATH=ext python -m communiques.tools.catalogs update`), translate, and commit "
            f"{_relative(project.locale_dir)}; until then those pages show their original text, marked"
        )
    if wrong:
        print(f"{len(wrong)} problem(s) in the catalogs", file=sys.stderr)
        return 1
    print(
        f"{len(paths)} catalogs pass msgfmt --check, keep their placeholders and have filled headers; "
        "the site's labels are complete"
    )
    return 0


def summary_line(key: str, per_catalog: dict[str, Counts]) -> str:
    total = sum(per_catalog.values(), Counts())
    return (
        f"{key}: {len(per_catalog)} catalogs, {total.total} messages: "
        f"{total.translated} translated ({total.percent} %), {total.fuzzy} fuzzy, "
        f"{total.untranslated} untranslated"
    )


def progress_report(table: dict[str, dict[str, Counts]], *, everything: bool) -> str:
    """The progress as text: a summary per direction, then its unfinished catalogs."""
    lines = []
    for key, per_catalog in table.items():
        lines.append(summary_line(key, per_catalog))
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


def progress_data(table: dict[str, dict[str, Counts]]) -> dict[str, dict[str, dict[str, dict[str, int]]]]:
    """The progress as data: target language → original language → catalog → counts."""
    data: dict[str, dict[str, dict[str, dict[str, int]]]] = {}
    for key, per_catalog in table.items():
        original, target = key.split("→")
        data.setdefault(target, {})[original] = {
            name: {
                "translated": c.translated,
                "fuzzy": c.fuzzy,
                "untranslated": c.untranslated,
                "total": c.total,
            }
            for name, c in per_catalog.items()
        }
    return data


def run_progress(project: Project, languages: Sequence[str], *, everything: bool, as_json: bool) -> int:
    pots = write_templates(project)
    table = progress(project, pots, languages)
    if as_json:
        print(json.dumps(progress_data(table), indent=2, sort_keys=True, ensure_ascii=False))
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
        "check",
        help="the catalogs compile, keep their placeholders and have filled headers; the labels are "
        "complete (catalogs behind the sources are listed, not failed)",
    )
    show = commands.add_parser(
        "progress", help="translated / fuzzy / untranslated messages per direction and catalog"
    )
    show.add_argument("--all", action="store_true", help="list complete catalogs too")
    show.add_argument("--json", action="store_true", help="print the counts as JSON")
    for command in (update, check, show):
        command.add_argument(
            "-l",
            "--language",
            action="append",
            choices=TARGET_LANGUAGES,
            help="only the catalogs translated into this language "
            f"(repeat for several; default: {', '.join(TARGET_LANGUAGES)})",
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
