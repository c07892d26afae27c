"""How long ``python -m communiques import`` takes on N plain-text releases, and what is left to do.

The synthetic corpus (:mod:`tests.bench.corpus`) gives N releases and their
authority records. The releases are written back as plain text in the seed's
shape (letterhead, ``##`` title, bold dateline, Citations, Faits saillants,
Liens connexes, ``- 30 -``, Source and Informations), with names written the
ways releases write them: some dashes as ``–``, some apostrophes straight.
The archive they are imported into has the corpus's authority records less
some of them: the ministers' offices of one ministry in three (named in the
letterheads and contacts) with their press attachés (named in contacts), and
one other person in ten (quoted, or only named in running text). Then:

1. one ``import`` of the whole folder, in a new process, timed;
2. one ``check`` of the result, in a new process, timed;

and the figures are printed: time per release, drafts written, problems left.

Run from the repository's root::

    PYTHONPATH=ext python -m tests.bench.importing                  # 300 releases
    PYTHONPATH=ext python -m tests.bench.importing --records 1000
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from babel.dates import format_date
from tests.bench import corpus
from tests.bench.check import CONF

REPO = Path(__file__).resolve().parents[2]
TYPES = {
    "press-release": "Communiqué de presse",
    "statement": "Déclaration",
    "media-advisory": "Avis aux médias",
}
_SUMMARY = re.compile(r"draft records written: (\d+) people, (\d+) organisations")
_FINDING = re.compile(r"\[(archive\.\w+|[\w.]+)\]$")


def plain_text(release: corpus.Release, number: int) -> str:
    """The release as the plain text of a captured original (the seed's shape)."""
    front = release.front

    def variant(text: str) -> str:
        # One release in three writes dashes and apostrophes another way.
        if number % 3 == 1:
            text = text.replace("-", "–")
        if number % 3 == 2:
            text = text.replace("’", "'")
        return corpus.ROLE.sub(r"\1", text)

    letterhead = front["letterhead"][0]["lines"]  # type: ignore[index]
    issued = front["issued"]
    day = (
        format_date(issued, "d MMMM y", locale="fr").replace("1 ", "1er ", 1)
        if issued.day == 1
        # type: ignore[attr-defined]
        else (format_date(issued, "d MMMM y", locale="fr"))
    )
    parts = [f"# {TYPES.get(str(front['type']), 'Communiqué de presse')}", "\n".join(letterhead)]
    parts += ["**POUR DIFFUSION IMMÉDIATE**", f"## {front['title']}"]
    if front.get("subtitle"):
        parts.append(f"### {front['subtitle']}")
    first, *rest = release.paragraphs
    parts.append(f"**{front['place']}, le {day}.** – {variant(first)}")
    parts += [variant(p) for p in rest]
    parts.append("## Citations :")
    for _ident, name, post, words in release.quotes:
        parts += [variant(words), f"*{variant(name)}, {post}*"]
    parts += ["## Faits saillants :", "\n".join(variant(h) for h in release.highlights)]
    parts += ["### Liens connexes :", variant(release.related), "- 30 -"]
    for group in front["contacts"]:  # type: ignore[attr-defined]
        parts.append("#### Source :" if group["role"] == "source" else "#### Informations :")
        for entry in group["entries"]:
            lines = [entry.get(k) for k in ("name", "post", "unit", "organisation") if entry.get(k)]
            lines.append(f"Tél. : {entry['phone']}")
            if entry.get("email"):
                lines.append(entry["email"])
            parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def archive(records: int, folder: Path) -> tuple[Path, Path, dict[str, int]]:
    """The archive (authority records, some left out) and the folder of plain-text releases."""
    made = corpus.Corpus(records)
    left_out = {"people": 0, "organisations": 0}
    unknown_cabinets = {c.id for i, c in enumerate(made.cabinets.values()) if i % 3 == 1}
    signatories = {p for a in made.agreements.values() for p in a.signatories}
    for index, person in enumerate(sorted(made.people.values(), key=lambda p: p.id)):
        attache = any(a.organisation in unknown_cabinets for a in person.appointments)
        if attache or (index % 10 == 3 and person.id not in signatories):
            del made.people[person.id]
            left_out["people"] += 1
    for ident in unknown_cabinets:
        del made.orgs[ident]
        left_out["organisations"] += 1
    # a contact left without its record keeps the post as printed
    for release in made.releases:
        for group in release.front["contacts"]:  # type: ignore[attr-defined]
            for entry in group["entries"]:
                if entry.get("person") and entry["person"] not in made.people:
                    del entry["person"]
    root = folder / "archive"
    made.write(root / "source")
    for year_folder in (root / "source" / "releases").glob("*/"):
        shutil.rmtree(year_folder)
    shutil.rmtree(root / "source" / "releases" / "index.md", ignore_errors=True)
    corpus.Writer(root / "source").home()
    (root / "conf.py").write_text(CONF.format(conf=str(REPO / "conf.py")), encoding="utf-8")
    inputs = folder / "releases"
    inputs.mkdir()
    for number, release in enumerate(made.releases):
        (inputs / f"{release.id}.txt").write_text(plain_text(release, number), encoding="utf-8")
    return root, inputs, left_out


def run(command: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO / "ext")},
    )
    return time.perf_counter() - started, done


def measure(records: int) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        root, inputs, left_out = archive(records, Path(temporary))
        seconds, done = run([sys.executable, "-m", "communiques", "import", str(inputs), "-q"], root)
        summary = _SUMMARY.search(done.stderr)
        people, organisations = (int(summary[1]), int(summary[2])) if summary else (0, 0)
        failed = done.stdout.count("\nfailed ") + done.stdout.startswith("failed ")
        names = re.search(r"names with no record \((\d+)\)", done.stderr)
        check_seconds, checked = run([sys.executable, "-m", "communiques", "check", "-q", "--drafts"], root)
        findings = [line for line in checked.stdout.splitlines() if ": draft " not in line and line.strip()]
        by_kind = Counter(m[1] if (m := _FINDING.search(line)) else "other" for line in findings)
        drafts = re.search(r"(\d+) draft record\(s\) to review", checked.stderr)
        out = sys.stdout.write
        out(f"\n{records} plain-text releases; records left out of the archive: {left_out}\n")
        out(f"  import (one process):   {seconds:6.1f} s, {seconds / records * 1000:5.1f} ms per release")
        out(f", {failed} failed, exit status {done.returncode}\n")
        out(f"  drafts written:         {people} people, {organisations} organisations\n")
        later = re.search(r"(\d+) name\(s\) became draft records", done.stderr)
        out(f"  names with no record:   {names[1] if names else 0} distinct (suggested, with what to do); ")
        out(f"{later[1] if later else 0} named before the release that drafted them (import again to link)\n")
        out(f"  check afterwards:       {check_seconds:6.1f} s, exit status {checked.returncode}, ")
        out(f"{len(findings)} problem(s) {dict(by_kind)}; {drafts[1] if drafts else 0} drafts to review\n")
        for line in findings[:10]:
            out(f"    {line}\n")
        if names:
            shown = done.stderr.split("what to do:\n")[-1].splitlines()[:8]
            out("  most frequent names with no record:\n" + "".join(f"  {line[:150]}\n" for line in shown))


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(prog="python -m tests.bench.importing", description=__doc__.split("\n")[0])
    cli.add_argument("--records", type=int, action="append", help="number of releases (default: 300)")
    options = cli.parse_args(argv)
    for records in options.records or [300]:
        measure(records)
    return 0


if __name__ == "__main__":
    sys.exit(main())
