"""Pictures of what readers get, for a reviewer: ``python -m tests.pictures --out /tmp/pictures``.

From the repository's root, with ``PYTHONPATH=ext:.`` and the Python of the
test environment (``.tox/py313/bin/python``: playwright, Debian's Chromium at
``/usr/bin/chromium``, and ``pdftoppm`` from poppler-utils). It builds the
bilingual test archive (``tests/roots/test-bilingual``: the seed release,
French original, and a release whose original is English, each translated
through gettext) with the site build itself (``communiques.tools.site``:
both languages, PDFs, search), serves it, and writes into ``--out``:

- screenshots of the home page, of each release, and of the search page
  with a query, in French and in English, 1280 and 390 px wide
  (``<page>-<lang>-<width>.png``, the whole page);
- every page of each release's PDF and of the year's, in both languages
  (``pdf-<name>-<lang>-<page>.png``, 80 dpi).

Not a test: it asserts nothing a test does not. It shows what the tests
check, so that a change to the pages or the PDFs can be seen before it is
merged.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright
from tests.browser import launch, serving
from tests.helpers import REPO, bilingual_root, git

#: the pages photographed, by name; the search page with a query that finds both releases
SEED = "2020-06-25-quebec-france-partenaires-intelligence-artificielle"
PAGES = {
    "home": "index.html",
    "release-fr-original": f"releases/2020/{SEED}.html",
    "release-en-original": "releases/2020/2020-06-15-canada-france-launch-gpai.html",
    "search": "search.html?q=intelligence",
}
LANGUAGES = ("fr", "en")
WIDTHS = (1280, 390)


def build(root: Path) -> Path:
    """The site of *root*, built as ``tox -e build`` builds the archive; its folder."""
    git(root, "init", "-q", "-b", "main", when="2020-06-30T12:00:00+00:00")
    git(root, "add", "-A", when="2020-06-30T12:00:00+00:00")
    git(root, "commit", "-q", "-m", "Archive", when="2020-06-30T12:00:00+00:00")
    site = root / "_build" / "site"
    env = {**os.environ, "PYTHONPATH": str(REPO / "ext")}
    command = [sys.executable, "-m", "communiques.tools.site", "--root", str(root), "--out", str(site)]
    subprocess.run(command, cwd=root, env=env, check=True)
    return site


def screenshots(site: Path, out: Path) -> list[Path]:
    """Each page of :data:`PAGES` in each language and width, whole; the files written."""
    written = []
    with sync_playwright() as playwright, serving(site) as base:
        browser = launch(playwright)
        try:
            for lang in LANGUAGES:
                for width in WIDTHS:
                    page = browser.new_page(viewport={"width": width, "height": 900})
                    for name, path in PAGES.items():
                        page.goto(f"{base}/{lang}/{path}", wait_until="networkidle")
                        if name == "search":  # Pagefind's results come after the page's load
                            page.wait_for_selector("#search-results[aria-busy='false']", timeout=15_000)
                        target = out / f"{name}-{lang}-{width}.png"
                        page.screenshot(path=str(target), full_page=True)
                        written.append(target)
                    page.close()
        finally:
            browser.close()
    return written


def pdf_pages(site: Path, out: Path) -> list[Path]:
    """Every page of every PDF of both languages, as PNG images; the files written."""
    written = []
    for lang in LANGUAGES:
        for pdf in sorted((site / lang).glob("releases/*/*.pdf")):
            prefix = out / f"pdf-{pdf.stem}-{lang}"
            subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(prefix)], check=True)
            written += sorted(out.glob(f"{prefix.name}-*.png"))
    return written


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(prog="python -m tests.pictures", description=__doc__.splitlines()[0])
    cli.add_argument("--out", type=Path, required=True, help="where the pictures are written")
    options = cli.parse_args(argv)
    options.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="communiques-pictures-") as scratch:
        site = build(bilingual_root(Path(scratch) / "archive"))
        written = screenshots(site, options.out) + pdf_pages(site, options.out)
        shutil.copytree(site, options.out / "site", dirs_exist_ok=True)
    sys.stdout.writelines(f"{path}\n" for path in written)
    sys.stdout.write(f"{len(written)} pictures in {options.out}; the site they show in its site/\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
