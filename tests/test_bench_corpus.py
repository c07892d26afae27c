"""The benchmarks' synthetic corpus: deterministic, and a valid archive.

A small generated corpus is built exactly as the benchmark builds it
(``sphinx-build -c <repository>`` on the generated folder, strict), and its
plain variant with plain Sphinx + MyST; both must build without a warning.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from bench.corpus import Corpus, main
from helpers import REPO, text_of

# Builds a whole site (or runs the catalog tools on the whole archive): not in the quick loop.
pytestmark = pytest.mark.slow


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def sphinx_build(srcdir: Path, outdir: Path, *confdir: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "sphinx", "-b", "html", *confdir, str(srcdir), str(outdir)]
    command += ["-d", str(outdir.parent / f"{outdir.name}-doctrees"), "-nW", "--keep-going", "-q"]
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=outdir.parent)


def test_same_seed_same_files(tmp_path: Path) -> None:
    Corpus(40, seed=7).write(tmp_path / "a")
    assert main(["--records", "40", "--seed", "7", "--out", str(tmp_path / "b")]) == 0
    Corpus(40, seed=8).write(tmp_path / "c")
    first = tree(tmp_path / "a")
    assert len([name for name in first if name.startswith("releases/") and "index" not in name]) == 40
    assert first == tree(tmp_path / "b")
    assert first != tree(tmp_path / "c")


def test_extra_release_is_deterministic() -> None:
    one, two = Corpus(20, seed=3), Corpus(20, seed=3)
    assert one.extra_release().body() == two.extra_release().body()
    assert one.extra_release().id not in {r.id for r in one.releases}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Corpus, Path]:
    base = tmp_path_factory.mktemp("corpus")
    corpus = Corpus(20, seed=1)
    corpus.write(base / "source")
    result = sphinx_build(base / "source", base / "html", "-c", str(REPO))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return corpus, base / "html"


def test_corpus_builds_strictly_with_the_extension(built: tuple[Corpus, Path]) -> None:
    corpus, html = built
    release = corpus.releases[0]
    soup = BeautifulSoup((html / "releases" / str(release.year) / f"{release.id}.html").read_bytes(), "lxml")
    article = soup.find("article")
    assert article is not None
    for part in ("release-header", "dateline", "citations", "highlights", "related-links", "contacts"):
        assert article.select(f".{part}"), part
    # Mentions resolve to the entity pages.
    links = {a["href"] for a in article.select("a.reference.internal")}
    assert any("people/" in href for href in links)
    assert any("organisations/" in href for href in links)


def test_year_pages_list_every_release(built: tuple[Corpus, Path]) -> None:
    corpus, html = built
    for year in corpus.years():
        soup = BeautifulSoup((html / "releases" / str(year) / "index.html").read_bytes(), "lxml")
        listed = [text_of(a) for a in soup.select("article ul.release-list a")]
        expected = sorted((r for r in corpus.releases if r.year == year), key=lambda r: r.id)
        assert listed == [r.title for r in expected]


def test_plain_variant_builds_strictly(tmp_path: Path) -> None:
    Corpus(20, seed=1).write(tmp_path / "source", plain=True)
    result = sphinx_build(tmp_path / "source", tmp_path / "html")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def sidebar(html: Path, docname: str) -> list[tuple[str, bool]]:
    """(target, current) of each link of furo's navigation sidebar on *docname*'s page."""
    page = html / f"{docname}.html"
    soup = BeautifulSoup(page.read_bytes(), "lxml")
    tree = soup.select_one(".sidebar-tree")
    assert tree is not None
    links = []
    for link in tree.select("a.reference"):
        href = link["href"].split("#")[0]
        target = (page.parent / href).resolve() if href else page.resolve()  # "#": the page itself
        assert target.is_file(), f"{docname}: broken sidebar link {link['href']}"
        current = "current" in (link.find_parent("li").get("class") or [])
        links.append((str(target.relative_to(html.resolve())), current))
    return links


def test_sidebar_of_pages_outside_toctrees(built: tuple[Corpus, Path]) -> None:
    """Releases and entities share one sidebar per folder (``communiques.pages.navigation``):
    every link must still lead to the right page from each folder, none current."""
    corpus, html = built
    expected = sorted(
        [f"releases/{year}/index.html" for year in corpus.years()]
        + ["releases/index.html", "people/index.html", "organisations/index.html", "agreements/index.html"]
        + ["topics/index.html"]
    )
    first_of_each_year = {r.year: r for r in reversed(corpus.releases)}
    pages = [f"releases/{r.year}/{r.id}" for r in first_of_each_year.values()]
    pages += [f"people/{next(iter(corpus.people))}", f"organisations/{next(iter(corpus.orgs))}"]
    for docname in pages:
        links = sidebar(html, docname)
        assert sorted(target for target, _ in links) == expected, docname
        assert not any(current for _, current in links), docname
    # A year page is in the toctree: its own entry is current.
    year = corpus.years()[0]
    assert (f"releases/{year}/index.html", True) in sidebar(html, f"releases/{year}/index")
