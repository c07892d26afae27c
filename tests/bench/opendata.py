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
import sys
import time
from pathlib import Path

from sphinx.application import Sphinx

import communiques
from communiques import export, feeds, jsonld, sitemaps

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
    options = cli.parse_args(argv)
    out = options.out.resolve()
    if out.exists():
        shutil.rmtree(out)

    app = make_app(options.source.resolve(), out, options.jobs)
    timed("first build (clean, strict)", lambda: app.build())
    domain = app.env.domains["archive"]
    sys.stdout.write(
        f"{len(domain.data['releases'])} releases, {len(domain.data['entities'])} entities, "
        f"{len(app.env.all_docs)} pages\n"
    )

    parts = {
        "feeds (all, generated, not written)": lambda: len(
            [feeds.atom(app, s) for s in feeds.feed_specs(app)]
        ),
        "sitemap (generated)": lambda: f"{len(sitemaps.sitemap(app)) // 1024} KiB",
        "export (generated and serialised)": lambda: (
            f"{len(export.archive(app).model_dump_json()) // 1024} KiB"
        ),
        "JSON-LD of every page": lambda: sum(1 for d in app.env.all_docs if jsonld.page_data(app, d)),
    }
    total = sum(timed(label, action) for label, action in parts.items())
    sys.stdout.write(f"{'open data, all of it':<44} {total:8.3f} s\n")

    again = make_app(options.source.resolve(), out, options.jobs)
    noop = timed("second build (nothing changed)", lambda: again.build())
    sys.stdout.write(f"open data / no-change build: {total / noop:.0%}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
