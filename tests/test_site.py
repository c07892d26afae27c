"""The site builder: its root page, its Sphinx arguments and its command line."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from communiques.core.config import PLACEHOLDER_BASE_URL
from communiques.core.languages import LANGUAGES
from communiques.tools import site


def _soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


def test_root_page_links_to_every_language(tmp_path: Path) -> None:
    page = site.write_root_page(["fr", "en"], tmp_path)

    assert page == tmp_path / "index.html"
    soup = _soup(page.read_text(encoding="utf-8"))
    links = {a["href"]: a for a in soup.select("body a")}
    assert set(links) == {"fr/", "en/"}
    assert links["fr/"]["hreflang"] == "fr"
    assert links["fr/"].get_text(strip=True) == "Français"
    assert links["en/"]["hreflang"] == "en"
    assert links["en/"].get_text(strip=True) == "English"


def test_root_page_declares_its_language_and_alternates() -> None:
    soup = _soup(site.root_page(["fr", "en"]))

    assert soup.html is not None
    assert soup.html["lang"] == "fr"
    alternates = {link["hreflang"]: link["href"] for link in soup.select('head link[rel="alternate"]')}
    assert alternates == {"fr": "fr/", "en": "en/", "x-default": "./"}
    assert soup.find("meta", charset="utf-8") is not None


def test_root_page_script_knows_the_languages_and_falls_back_to_the_default() -> None:
    soup = _soup(site.root_page(["fr", "en"], default="en"))

    assert soup.html is not None
    assert soup.html["lang"] == "en"
    script = soup.find("script")
    assert script is not None
    code = script.get_text()
    assert "navigator.language" in code
    assert '["fr", "en"]' in code
    assert 'location.replace("en/")' in code


@pytest.mark.parametrize(("languages", "default"), [([], None), (["fr", "en"], "de")])
def test_root_page_refuses_an_impossible_site(languages: list[str], default: str | None) -> None:
    with pytest.raises(ValueError):
        site.root_page(languages, default=default)


def test_root_page_is_not_rewritten_when_unchanged(tmp_path: Path) -> None:
    page = site.write_root_page(LANGUAGES, tmp_path)
    before = page.stat().st_mtime_ns

    site.write_root_page(LANGUAGES, tmp_path)

    assert page.stat().st_mtime_ns == before


def test_sphinx_args_build_one_language_strictly(tmp_path: Path) -> None:
    layout = site.Layout(root=site.ROOT, out=tmp_path / "site", doctrees=tmp_path / "doctrees")

    args = site.sphinx_args("en", layout)

    assert args[:2] == ["-b", "html"]
    assert args[args.index("-c") + 1] == str(site.ROOT)
    assert str(site.ROOT / "source") in args
    assert str(tmp_path / "site" / "en") in args
    assert args[args.index("-d") + 1] == str(tmp_path / "doctrees" / "en")
    assert args[args.index("-D") + 1] == "language=en"
    assert {"-n", "-W", "--keep-going"} <= set(args)
    assert args[args.index("-j") + 1] == "3"


def test_the_repository_root_holds_the_configuration() -> None:
    assert (site.ROOT / "conf.py").is_file()
    assert (site.ROOT / "source").is_dir()


def test_main_builds_the_chosen_languages_into_out_and_names_failures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    built: list[tuple[str, site.Layout]] = []

    def fake_build(lang: str, layout: site.Layout, **options: object) -> int:
        built.append((lang, layout))
        return 1 if lang == "en" else 0

    monkeypatch.setattr(site, "build_language", fake_build)
    monkeypatch.setattr(site, "index_search", lambda *args: 0)

    status = site.main(["--out", str(tmp_path / "site"), "--lang", "en", "--lang", "fr", "--no-pdf"])

    assert status == 1
    assert [lang for lang, _ in built] == ["fr", "en"]
    assert built[0][1].doctrees == (tmp_path / "doctrees").resolve()
    assert built[0][1].html_dir("fr") == (tmp_path / "work" / "fr").resolve()
    assert not (tmp_path / "site").exists(), "a failed build publishes nothing"
    said = capsys.readouterr().err
    assert "failed for: en" in said
    assert "is left as it was" in said


def test_pdfs_follow_each_successful_language_and_their_failure_fails_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    printed: list[tuple[str, Path, Path]] = []
    monkeypatch.setattr(site, "build_language", lambda lang, layout, **options: 1 if lang == "en" else 0)

    def fake_pdfs(lang: str, html_dir: Path, doctree_dir: Path, *, jobs: int) -> int:
        printed.append((lang, html_dir, doctree_dir))
        return 2

    monkeypatch.setattr(site, "build_language_pdfs", fake_pdfs)

    status = site.main(["--out", str(tmp_path / "site")])

    assert status == 1
    assert printed == [("fr", (tmp_path / "work" / "fr").resolve(), (tmp_path / "doctrees" / "fr").resolve())]
    assert "failed for: fr (exit 2), en (exit 1)" in capsys.readouterr().err


def test_clean_forgets_output_and_doctrees(tmp_path: Path) -> None:
    layout = site.Layout(root=site.ROOT, out=tmp_path / "site", doctrees=tmp_path / "doctrees")
    for folder in (layout.html_dir("fr"), layout.doctree_dir("fr"), layout.html_dir("en")):
        folder.mkdir(parents=True)

    site.clean_language("fr", layout)

    assert not layout.html_dir("fr").exists()
    assert not layout.doctree_dir("fr").exists()
    assert layout.html_dir("en").exists()


def test_help_names_the_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        site.main(["--help"])

    assert exit_.value.code == 0
    text = capsys.readouterr().out
    for option in ("--clean", "--lang", "--out", "--doctrees", "--work", "--jobs", "--no-pdf", "--deploy"):
        assert option in text


def test_a_failed_language_is_reread_until_it_succeeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sphinx only warns about pages it reads: after a failure, reread them all."""
    layout = site.Layout(root=site.ROOT, out=tmp_path / "site", doctrees=tmp_path / "doctrees")
    commands: list[list[str]] = []
    statuses = iter([1, 0, 0])

    class Done:
        def __init__(self, returncode: int) -> None:
            self.returncode = returncode

    def fake_run(command: list[str], *, check: bool) -> Done:
        commands.append(command)
        return Done(next(statuses))

    monkeypatch.setattr(subprocess, "run", fake_run)

    assert site.build_language("fr", layout) == 1
    assert layout.failure_mark("fr").exists()
    assert site.build_language("fr", layout) == 0
    assert not layout.failure_mark("fr").exists()
    assert site.build_language("fr", layout) == 0

    assert ["-E" in command for command in commands] == [False, True, False]
    assert commands[0][1:3] == ["-m", "sphinx"]


def test_a_deploy_refuses_the_placeholder_address(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(site, "build_language", lambda *args, **options: pytest.fail("nothing is built"))
    placeholder = ["--out", str(tmp_path / "site"), "--base-url", PLACEHOLDER_BASE_URL]
    for argv, env in ((["--deploy"], None), ([], "1")):
        if env:
            monkeypatch.setenv(site.DEPLOY_ENV, env)
        with pytest.raises(SystemExit) as exit_:
            site.main([*placeholder, *argv])
        assert exit_.value.code == 2
        assert "not the placeholder" in capsys.readouterr().err


def test_a_folder_that_is_no_site_is_not_built_over(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mine.txt").write_text("not a site")
    with pytest.raises(SystemExit):
        site.main(["--out", str(tmp_path), "--no-pdf"])
    assert "holds files but no site" in capsys.readouterr().err
    assert (tmp_path / "mine.txt").read_text() == "not a site"


def test_two_sites_never_share_doctrees_unless_told() -> None:
    assert site.default_doctrees(Path("/repo/_build/site")) == Path("/repo/_build/doctrees")
    assert site.default_doctrees(Path("/tmp/a")) == Path("/tmp/a-doctrees")
    assert site.default_doctrees(Path("/tmp/a")) != site.default_doctrees(Path("/tmp/b"))
    assert site.default_work(Path("/repo/_build/site")) == Path("/repo/_build/work")
    assert site.default_work(Path("/tmp/a")) == Path("/tmp/a-work")
