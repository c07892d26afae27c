"""The site build's last step: assemble the site in staging, prove it, then publish it whole.

:func:`publish` is called by :mod:`communiques.tools.site` once every step of
every language built succeeded. What it publishes of a language just built
is what its HTML build recorded (:mod:`.outputs`), the PDFs the PDF step's
manifest lists and the search index; a language not built this time is
carried over from the published site as it was. The site is assembled and
proved (:mod:`.stage`, :mod:`.verify`) and moved into place only when
every check passed; otherwise the previous site stays as it was, and the
work files found bad are deleted so that the next build makes them again.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from communiques.core.digests import Digests
from communiques.pdf.render import MANIFEST_NAME as PDF_MANIFEST
from communiques.publishing.links import LinkCache
from communiques.publishing.outputs import Outputs
from communiques.publishing.stage import (
    DIGESTS_NAME,
    Manifest,
    assemble,
    discard,
    swap,
)
from communiques.publishing.verify import verify_site
from communiques.search.index import forget
from communiques.search.verify import BUNDLE_DIR

LINKS_NAME = "communiques-links.json"


@dataclass(frozen=True)
class Language:
    """Where one language was built."""

    lang: str
    html_dir: Path
    doctree_dir: Path


class PublishError(Exception):
    """The site cannot be assembled (a step's output is missing)."""


def language_files(built: Language) -> dict[str, Path]:
    """Everything the language's build publishes: {path in its folder: file}."""
    try:
        outputs = Outputs.load(built.doctree_dir)
    except ValueError as error:
        raise PublishError(str(error)) from error
    files = outputs.in_folder(built.html_dir)
    missing = sorted(name for name in outputs.files if name not in files)
    if missing:
        raise PublishError(f"{built.lang}: the HTML build recorded files it did not write: {missing[:5]}")
    pdf_manifest = built.doctree_dir / PDF_MANIFEST
    if pdf_manifest.is_file():
        for name in json.loads(pdf_manifest.read_text(encoding="utf-8")):
            if (built.html_dir / name).is_file():
                files[name] = built.html_dir / name
    # Strings, not paths, for the search index's tens of thousands of files.
    for folder, _dirs, names in os.walk(built.html_dir / BUNDLE_DIR):
        where = Path(folder)
        prefix = where.relative_to(built.html_dir).as_posix()
        for name in names:
            files[f"{prefix}/{name}"] = where / name
    return files


def publish(
    out: Path,
    work: Path,
    built: Sequence[Language],
    languages: Sequence[str],
    root_files: Callable[[Sequence[str]], dict[str, Path]],
    *,
    base_url: str,
    full: bool,
    proved_search: set[str],
    say: Callable[[str], None],
) -> int:
    """Assemble, prove and publish the site into *out*; the build's exit status.

    *root_files* writes the site root's files for the languages the site
    has (in its work folder) and returns them by name.
    """
    started = time.monotonic()
    previous = Manifest.of_site(out)
    full = full or not previous.files
    digests = Digests(work / DIGESTS_NAME)
    wanted: dict[str, tuple[Path, str]] = {}
    done = {language.lang for language in built}
    try:
        for language in built:
            for name, path in language_files(language).items():
                wanted[f"{language.lang}/{name}"] = (path, digests.of(path))
    except PublishError as error:
        say(f"FAILED: {error}; the published site is left as it was")
        return 1
    for lang in languages:
        if lang not in done:  # not built this time: as published
            carried = previous.under(f"{lang}/")
            wanted.update({name: (out / name, digest) for name, digest in carried.items()})
    present = [lang for lang in languages if any(name.startswith(f"{lang}/") for name in wanted)]
    for name, path in root_files(present).items():
        wanted[name] = (path, digests.of(path))

    if (out / "site-manifest.json").is_file() and {n: d for n, (_p, d) in wanted.items()} == previous.files:
        digests.save()
        say(f"the site is unchanged, as published ({len(wanted)} files)")
        return 0
    assembly = assemble(out, wanted, previous)
    say(
        f"staged {len(wanted)} files in {time.monotonic() - started:.1f}s "
        f"({assembly.copied} new or changed, {assembly.linked} linked as published, "
        f"{assembly.kept} kept from the spare)"
    )
    cache = LinkCache(work / LINKS_NAME)
    proofs = verify_site(
        assembly.staging, assembly.manifest, previous, full=full, base_url=base_url, cache=cache,
        proved_search=proved_search, absent=frozenset(languages) - set(present), published_site=out,
    )  # fmt: skip
    for proof in proofs:
        say(proof.summary())
    problems = [item for proof in proofs for item in proof.problems]
    if problems:
        for _blamed, problem in problems[:30]:
            say(f"  - {problem}")
        if len(problems) > 30:
            say(f"  ... and {len(problems) - 30} more")
        discard(out)
        for blamed, _problem in problems:
            repair(blamed, wanted, built, digests)
        digests.save()
        say("FAILED: the site did not pass its checks; the published site is left as it was")
        return 1
    swap(out, assembly.staging)
    digests.save()
    cache.save(assembly.manifest.files)
    return 0


def repair(
    blamed: str, wanted: dict[str, tuple[Path, str]], built: Sequence[Language], digests: Digests
) -> None:
    """Delete a work file found bad, so that its step makes it again on the next build.

    Pages are left: a broken link is the source's to fix, and Sphinx would
    write the same page again.
    """
    if blamed.endswith(".html") or blamed not in wanted:
        return
    lang = blamed.split("/", 1)[0]
    language = next((item for item in built if item.lang == lang), None)
    if language is None:
        return
    path = wanted[blamed][0]
    if blamed.startswith(f"{lang}/{BUNDLE_DIR}/"):
        forget(language.doctree_dir)  # the search step indexes again
    elif path.is_relative_to(language.html_dir):
        path.unlink(missing_ok=True)
        digests.forget(path)
