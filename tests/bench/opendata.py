"""What the open data costs a build, on a synthetic archive.

    python -m tests.bench.corpus --records 1000 --out /tmp/corpus
    PYTHONPATH=ext python -m tests.bench.opendata /tmp/corpus --out /tmp/corpus-html

Builds the archive once (strict, French), then times, from its environment,
what every build redoes: all the feeds, the sitemap, the export, and the
JSON-LD of every page; then a second build with nothing changed, which
includes them. Prints the figures and their share of the no-change build.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

from sphinx.application import Sphinx

import communiques
from communiques import export, feeds, jsonld, sitemaps
from communiques.published import Published
from communiques.records import archive_domain

#: the conf.py beside the extension that is measured
ROOT = Path(communiques.__file__).resolve().parents[2]


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


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(prog="python -m tests.bench.opendata", description=__doc__.split("\n\n")[0])
    cli.add_argument("source", type=Path, help="an archive's source folder (e.g. from tests.bench.corpus)")
    cli.add_argument("--out", type=Path, required=True, help="where to build (emptied first)")
    cli.add_argument("-j", "--jobs", type=int, default=3)
    cli.add_argument(
        "--reuse",
        action="store_true",
        help="keep a previous build in --out (the first build is then incremental)",
    )
    options = cli.parse_args(argv)
    out = options.out.resolve()
    if out.exists() and not options.reuse:
        shutil.rmtree(out)

    app = make_app(options.source.resolve(), out, options.jobs)
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
        "export (generated and serialised)": lambda: (
            f"{len(export.archive(app).model_dump_json()) // 1024} KiB"
        ),
        "JSON-LD of every page": lambda: sum(1 for d in app.env.all_docs if jsonld.page_data(app, d)),
    }
    total = sum(timed(label, action) for label, action in parts.items())
    sys.stdout.write(f"{'open data, all of it':<44} {total:8.3f} s\n")

    # In its own process, as communiques.site runs it (Sphinx registers
    # nodes process-wide: a second app in this one would warn about them).
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(ROOT), str(options.source.resolve()),
               str(out / "html"), "-d", str(out / "doctrees"), "-D", "language=fr", "-q", "-W",
               "-j", str(options.jobs)]  # fmt: skip
    noop = timed("second build (nothing changed)", lambda: subprocess.run(command, check=True) and None)
    sys.stdout.write(f"open data / no-change build: {total / noop:.0%}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
