"""What the open data costs a build, on a synthetic archive.

    PYTHONPATH=ext python -m tests.bench.opendata --records 1000 --out /tmp/opendata-bench

Writes the archive of ``tests.bench.corpus`` (the same files for the same
``--records`` and ``--seed``) into ``<out>/src``, builds it once (strict,
French), then times, from its environment, everything the open data is made
of: all the feeds, the sitemap, the export, and the JSON-LD of every page.
Then two builds, each in its own process as ``communiques.tools.site`` runs them:
one with nothing changed, one after adding a release; for each, the time of
the build and of its open-data step (which the step logs with ``-v``).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from sphinx.application import Sphinx
from tests.bench.corpus import Corpus, Release, Writer

import communiques
from communiques.archive.domain import archive_domain
from communiques.opendata import export, feeds, jsonld, sitemaps
from communiques.opendata.published import Published

#: the conf.py beside the extension that is measured
ROOT = Path(communiques.__file__).resolve().parents[2]
#: what ``communiques.opendata.publish`` logs with -v at the end of a build
STEP_LINE = re.compile(r"communiques: open data in (?P<seconds>[\d.]+) s \((?P<parts>[^)]*)\)")


def timed(label: str, action: object) -> float:
    started = time.perf_counter()
    result = action()  # type: ignore[operator]
    elapsed = time.perf_counter() - started
    size = f" ({result})" if result is not None else ""
    sys.stdout.write(f"{label:<44} {elapsed:8.3f} s{size}\n")
    return elapsed


def make_app(source: Path, out: Path, jobs: int) -> Sphinx:
    return Sphinx(
        str(source),
        str(ROOT),
        str(out / "html"),
        str(out / "doctrees"),
        "html",
        confoverrides={"language": "fr"},
        status=None,
        warningiserror=True,
        parallel=jobs,
    )


def build_in_process(source: Path, out: Path, jobs: int, label: str) -> None:
    """A build in its own process (Sphinx registers nodes process-wide: a
    second app in this one would warn about them), with its open-data step."""
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(ROOT), str(source),
               str(out / "html"), "-d", str(out / "doctrees"), "-D", "language=fr", "-v", "-W",
               "-j", str(jobs)]  # fmt: skip
    started = time.perf_counter()
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    step = STEP_LINE.search(done.stdout)
    sys.stdout.write(f"{label:<44} {elapsed:8.3f} s\n")
    if step is None:
        sys.stdout.write(f"{'  its open data':<44} (not logged)\n")
        return
    seconds = float(step["seconds"])
    sys.stdout.write(f"{'  its open data':<44} {seconds:8.3f} s ({step['parts']}; {seconds / elapsed:.0%})\n")
    for line in done.stdout.splitlines():
        if line.startswith("communiques:") and not STEP_LINE.search(line):
            sys.stdout.write(f"    {line}\n")


def write_sources(corpus: Corpus, source: Path, added: Release, reuse: bool) -> Path:
    """The corpus's files; with *reuse*, those of a previous run, without the release it added."""
    if reuse and source.is_dir():
        (source / "releases" / str(added.year) / f"{added.id}.md").unlink(missing_ok=True)
    else:
        corpus.write(source)
    return source


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(prog="python -m tests.bench.opendata", description=__doc__.split("\n\n")[0])
    cli.add_argument(
        "--records", type=int, default=1000, help="releases of the corpus (default: %(default)s)"
    )
    cli.add_argument("--seed", type=int, default=1, help="seed of the corpus (default: %(default)s)")
    cli.add_argument("--out", type=Path, required=True, help="where to write and build (emptied first)")
    cli.add_argument("-j", "--jobs", type=int, default=2)
    cli.add_argument(
        "--reuse",
        action="store_true",
        help="keep the sources and build of a previous run in --out (the first build is then incremental)",
    )
    options = cli.parse_args(argv)
    out = options.out.resolve()
    if out.exists() and not options.reuse:
        shutil.rmtree(out)
    corpus = Corpus(options.records, options.seed)
    # Drawn once from the corpus's generator, after its releases: the same for the same seed.
    added = corpus.extra_release()
    source = write_sources(corpus, out / "src", added, options.reuse)

    app = make_app(source, out, options.jobs)
    timed(
        "first build (incremental with --reuse)" if options.reuse else "first build (clean, strict)",
        lambda: app.build(),
    )
    domain = archive_domain(app.env)
    sys.stdout.write(
        f"{len(domain.releases)} releases, {len(domain.entities)} entities, {len(app.env.all_docs)} pages\n"
    )

    def all_feeds() -> int:
        published = Published(domain)
        writer = feeds.FeedWriter(app, published)
        return len([writer.atom(spec) for spec in feeds.feed_specs(app, published)])

    parts = {
        "feeds (all, generated, not written)": all_feeds,
        "sitemap (generated)": lambda: f"{len(sitemaps.sitemap(app)) // 1024} KiB",
        "export (generated and serialised)": lambda: f"{len(export.document(app)) // 1024} KiB",
        "JSON-LD of every page": lambda: sum(1 for d in app.env.all_docs if jsonld.page_data(app, d)),
    }
    total = sum(timed(label, action) for label, action in parts.items())
    sys.stdout.write(f"{'open data, all of it':<44} {total:8.3f} s\n")

    build_in_process(source, out, options.jobs, "second build (nothing changed)")
    Writer(source).release(added)
    build_in_process(source, out, options.jobs, "third build (one release added)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
