"""Hostile pull requests: nothing outside ``source/`` is read or published, no code runs, no name is taken.

One archive (``test-consistency-base``, valid) receives the files a hostile
contributor would add: a free page that turns on MyST's Jinja2 substitutions
to run a command, a record that names a secret file beside ``source/`` in
every way we know (downloads, Markdown links, images, figures, ``:diff:``,
reST inside ``{eval-rst}``, absolute paths), links with every unsafe scheme
(inline, reference-style, ``<…>``, a toctree, related links), front matter
addresses with such schemes, pages and redirects at names the build writes.
It is built once for the module; every refusal must be reported at its line
(exact list), the build must not crash, the secret must be in no output
file, and the command must not have run.

Other tests here build small variants: a translation that tries the same
through a catalog, a symbolic link (a page and a folder) leading out, a
directive the archive does not know that reads a file, and MyST's
``{include}`` of a FIFO (whose reading never ends: it must not be opened).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections import Counter
from typing import TYPE_CHECKING

import pytest
from sphinx.testing.util import SphinxTestApp

from helpers import REPO, ROOTS, build_once, main_of, soup_of, warnings_of

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

SECRET = "SECRET-OUTSIDE-SOURCE-5151"
BASE = ROOTS / "test-consistency-base"
#: the configuration of the hostile test projects: that of the untrusted-content root (the real theme)
CONF = (ROOTS / "test-untrusted" / "conf.py").read_text(encoding="utf-8")

#: a command that leaves a file if it runs (through Jinja2's globals)
PAYLOAD = "{{{{ cycler.__init__.__globals__.os.system('touch {marker}') }}}}"

EVIL_PAGE = """\
---
title: Page
myst:
  enable_extensions: [substitution]
  substitutions:
    a: b
---

{payload}

```{{toctree}}
javascript://%0aalert(1)
```
"""

RECORD = """\
---
id: 2020-05-06-fichiers
type: press-release
title: Des fichiers
issued: 2020-05-06
place: Québec
language: fr
issuers:
  - gouvernement-du-quebec
redirect_from:
  - genindex
  - _static/furo
  - archive-people
  - Search
  - feeds/releases
  - index.html
---

{download}`un rôle <../../../secret.txt>` et [un lien](../../../secret.txt) et <path:../../../secret.txt>.

{download}`absolu </../secret.txt>` et {download}`script <javascript://%0aalert(1)>`.

![une image](../../../secret.png) et ![distante](https://example.org/pixel.png)

```{image} ../../../secret.png
```

```{figure} ../../../secret.png
:figwidth: image
```

```{literalinclude} ../../extrait.txt
:diff: ../../../secret.txt
```

```{eval-rst}
:download:`reST <../../../secret.txt>` et `ftp <ftp://example.org/x>`_.
```

[ftp](ftp://example.org/x), [ssh](ssh://example.org), <file:///etc/passwd>, [défini][d].

[d]: vbscript:msgbox(1)

::::{related-links}
- [données](data:text/html,abc)
::::
"""

ORGANISATION = """\
---
id: organisme-essai
name: Organisme d'essai
classification: ministry
identifiers:
  website: "javascript:alert(1)"
sources:
  - "data:text/html,abc"
---

Un organisme.
"""

R = "releases/2020/2020-05-06-fichiers.md"
OUTSIDE = (
    "only files under `source/` may be used; copy the file into `source/` (a symbolic link that leads "
    "out does not count) or remove what names it [archive.unsafe]"
)


def link(scheme: str) -> str:
    return (
        f"WARNING: a `{scheme}:` link is not allowed in the archive (links may be `https:`, `http:`, "
        "`mailto:`, `tel:` or relative; others can run code or reach readers' files): the text is kept, "
        "the link is removed; link to an `https:` address instead [archive.unsafe]"
    )


def download(target: str) -> str:
    return (
        f"WARNING: a download of `{target}` (outside `source/`) is refused: its link is removed, the "
        f"text kept; {OUTSIDE}"
    )


def image(why: str) -> str:
    return (
        f"WARNING: an image from {why} is not allowed in the archive: it is left out; keep images as files "
        "under `source/` (readers' browsers and the PDF renderer would otherwise fetch or read it) "
        "[archive.unsafe]"
    )


def redirect(old: str, what: str) -> str:
    return (
        f"{R}:{{line}}: WARNING: `{old}` is where the build writes {what}: a "
        "redirect there would replace it; remove the entry [archive.redirect]"
    )


ORG = "organisations/organisme-essai.md"
EXPECTED = Counter(
    {
        "evil.md:3: WARNING: `myst` is not allowed in front matter: a page may not change MyST's options "
        "(they can turn on extensions that run code); remove it [archive.unsafe]": 1,
        f"evil.md:11: {link('javascript')}": 1,
        "genindex.md:1: WARNING: this page would be written at `genindex.html`, where the build writes the "
        "general index: rename or move the file [archive.path]": 1,
        "_build/html/genindex.html:0: WARNING: two pages would be written at `genindex.html` (a generated "
        "one and a page of the archive): the site would keep one; rename one of them [archive.path]": 1,
        "_static/page.md:1: WARNING: this page would be written at `_static/page.html`, where the build "
        "writes the folder of the site's style sheets and scripts: rename or move the file [archive.path]": 1,
        f"{R}:19: {download('../../../secret.txt')}": 3,  # role, Markdown link, <path:…>
        f"{R}:21: {download('/../secret.txt')}": 1,
        f"{R}:21: WARNING: a download of a `javascript:` address is refused: its link is removed, the text "
        "kept; link to an `https:` address instead [archive.unsafe]": 1,
        f"{R}:23: {image('`../../../secret.png` (outside `source/`)')}": 1,
        f"{R}:23: {image('a `https:` address')}": 1,
        f"{R}:25: WARNING: `image` of `../../../secret.png` is refused: {OUTSIDE}": 1,
        f"{R}:28: WARNING: `figure` of `../../../secret.png` is refused: {OUTSIDE}": 1,
        f"{R}:32: WARNING: `literalinclude` of `../../../secret.txt` is refused: {OUTSIDE}": 1,
        f"{R}:37: {download('../../../secret.txt')}": 1,
        f"{R}:37: {link('ftp')}": 1,
        f"{R}:40: {link('file')}": 1,
        f"{R}:40: {link('ftp')}": 1,
        f"{R}:40: {link('ssh')}": 1,
        f"{R}:42: {link('vbscript')}": 1,
        f"{R}:45: {link('data')}": 1,
        f"{ORG}:6: WARNING: `identifiers.website` is a `javascript:` address, which could run code in "
        "readers' browsers or reach their files: give the `https:` address of the page [archive.unsafe]": 1,
        f"{ORG}:8: WARNING: `sources[0]` is a `data:` address, which could run code in readers' browsers or "
        "reach their files: give the `https:` address of the page [archive.unsafe]": 1,
    }
)


def hostile_project(folder: Path) -> Path:
    """The base archive with the hostile files, and a secret beside its source folder."""
    srcdir = shutil.copytree(BASE, folder / "source")
    (srcdir / "conf.py").write_text(CONF, encoding="utf-8")
    (folder / "secret.txt").write_text(f"{SECRET}\n", encoding="utf-8")
    (folder / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n" + SECRET.encode())
    (srcdir / "extrait.txt").write_text("un extrait\n", encoding="utf-8")
    marker = folder / "MARKER"
    (srcdir / "evil.md").write_text(EVIL_PAGE.format(payload=PAYLOAD.format(marker=marker)), encoding="utf-8")
    (srcdir / "genindex.md").write_text("# Index\n\nUne page.\n", encoding="utf-8")
    (srcdir / "_static").mkdir()
    (srcdir / "_static" / "page.md").write_text("# Statique\n\nUne page.\n", encoding="utf-8")
    (srcdir / R).write_text(RECORD, encoding="utf-8")
    (srcdir / ORG).write_text(ORGANISATION, encoding="utf-8")
    return srcdir


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SphinxTestApp]:
    srcdir = hostile_project(tmp_path_factory.mktemp("hostile"))
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
        yield app
    finally:
        app.cleanup()


def test_each_refusal_is_reported_at_its_line(built: SphinxTestApp) -> None:
    found = Counter(w for w in warnings_of(built) if "toc.not_included" not in w)
    redirects = Counter(line for line in found if "[archive.redirect]" in line)
    assert Counter({k: v for k, v in found.items() if k not in redirects}) == EXPECTED
    assert sorted(redirects) == sorted(
        [
            redirect("genindex", "the general index").format(line=11),
            redirect("_static/furo", "the folder of the site's style sheets and scripts").format(line=12),
            redirect("archive-people", "the index page `archive-people`").format(line=13),
            redirect("Search", "the search page").format(line=14),
            redirect("feeds/releases", "the folder of the Atom feeds").format(line=15),
            f"{R}:16: WARNING: `index` is a page of the archive: a redirect there would hide it; remove the "
            "entry, or move that page first [archive.redirect]",
        ]
    )
    output = built.status.getvalue() + built.warning.getvalue()
    assert "Traceback" not in output


def test_no_code_ran(built: SphinxTestApp) -> None:
    assert not (built.srcdir.parent / "MARKER").exists()
    # The payload is shown as text (Markdown took its `__` for bold).
    assert "cycler.init.globals.os.system" in main_of(soup_of(built, "evil")).get_text()


def test_nothing_outside_source_reaches_the_output(built: SphinxTestApp) -> None:
    leaked = [
        path.relative_to(built.outdir)
        for path in built.outdir.rglob("*")
        if path.is_file() and SECRET.encode() in path.read_bytes()
    ]
    assert leaked == []
    assert (
        not (built.outdir / "_downloads").exists() or list((built.outdir / "_downloads").rglob("*.*")) == []
    )


def test_refused_links_keep_their_text_and_lose_their_address(built: SphinxTestApp) -> None:
    article = main_of(soup_of(built, R.removesuffix(".md")))
    text = article.get_text()
    for words in ("un rôle", "un lien", "absolu", "script", "ftp", "ssh"):
        assert words in text
    for anchor in article.find_all("a", href=True):
        assert anchor["href"].split(":")[0] in ("https", "http", "mailto", "tel") or ":" not in anchor["href"]
    assert article.find_all("img") == []


def test_redirect_pages_are_not_written_over_generated_ones(built: SphinxTestApp) -> None:
    assert not (built.outdir / "_static" / "furo.html").exists()
    assert not (built.outdir / "feeds" / "releases.html").exists()
    for page in ("archive-people", "genindex"):
        soup = soup_of(built, page)
        assert soup.find("meta", attrs={"http-equiv": "refresh"}) is None, page


# -- variants ------------------------------------------------------------------------------------


def small_project(folder: Path, conf: str = CONF) -> Path:
    srcdir = shutil.copytree(BASE, folder / "source")
    (srcdir / "conf.py").write_text(conf, encoding="utf-8")
    (folder / "secret.txt").write_text(f"{SECRET}\n", encoding="utf-8")
    return srcdir


def leaks(app: SphinxTestApp) -> list[Path]:
    return [p for p in app.outdir.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()]


def test_a_translation_cannot_run_code_nor_name_a_file(tmp_path: Path) -> None:
    """A catalog's message is parsed as a whole MyST text: its front matter could set MyST's options."""
    srcdir = small_project(tmp_path, CONF + "locale_dirs = ['../locales']\ngettext_compact = False\n")
    marker = tmp_path / "MARKER"
    catalog = tmp_path / "locales/en/LC_MESSAGES/people/jeanne-essai.po"
    catalog.parent.mkdir(parents=True)
    payload = PAYLOAD.format(marker=marker).replace('"', '\\"')
    catalog.write_text(
        textwrap.dedent(
            f"""\
            msgid ""
            msgstr ""
            "Content-Type: text/plain; charset=UTF-8\\n"

            msgid "Ministre des Essais de 2019 à 2022."
            msgstr "---\\nmyst:\\n  enable_extensions: [substitution]\\n---\\n{payload}"

            msgid "Jeanne Essai"
            msgstr "{{download}}`Jeanne <../../secret.txt>`"
            """
        ),
        encoding="utf-8",
    )
    subprocess.run(["msgfmt", "-o", catalog.with_suffix(".mo"), catalog], check=True)
    # and a translation far denser than the page it translates (half a million list items)
    dense = tmp_path / "locales/en/LC_MESSAGES/releases/2020/2020-05-04-essai.po"
    dense.parent.mkdir(parents=True)
    dense.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Elle remercie les équipes du ministère."\n'
        f'msgstr "{"- a\\n" * 500_000}- a"\n',
        encoding="utf-8",
    )
    subprocess.run(["msgfmt", "-o", dense.with_suffix(".mo"), dense], check=True)
    app = build_once(srcdir, confoverrides={"language": "en"})
    assert not marker.exists()
    assert leaks(app) == []
    found = warnings_of(app)
    assert (
        "people/jeanne-essai.md: WARNING: `myst` is not allowed in front matter: a text may not change "
        "MyST's options (they can turn on extensions that run code); its front matter was ignored; remove "
        "it [archive.unsafe]"
    ) in found
    assert (
        "releases/2020/2020-05-04-essai.md: WARNING: a translation of this page would take more memory or "
        "time to build than one page may: it is left out; translate the message as the text it translates "
        "[archive.unsafe]"
    ) in found
    # The translated title names the file: refused in a heading already (Sphinx would crash on it)
    assert any("a download in a heading is not supported" in w for w in found), found


def test_symbolic_links_out_of_source_are_not_built(tmp_path: Path) -> None:
    srcdir = small_project(tmp_path)
    outside = tmp_path / "dehors"
    (outside / "2020").mkdir(parents=True)
    page = f"# Secret\n\n{SECRET}\n"
    (outside / "page.md").write_text(page, encoding="utf-8")
    (outside / "2020" / "page.md").write_text(page, encoding="utf-8")
    (srcdir / "lien.md").symlink_to(outside / "page.md")
    (srcdir / "dossier").symlink_to(outside / "2020")
    (srcdir / "inside.md").symlink_to(srcdir / "index.md")  # a link inside source/ is fine
    app = build_once(srcdir)
    assert leaks(app) == []
    found = [w for w in warnings_of(app) if "[archive.unsafe]" in w]
    assert found == [
        f"dossier:1: WARNING: `dossier` is a symbolic link to `{outside / '2020'}`, outside `source/`: "
        "nothing outside the archive is built or published; replace the link by a copy of the file "
        "[archive.unsafe]",
        f"lien.md:1: WARNING: `lien.md` is a symbolic link to `{outside / 'page.md'}`, outside `source/`: "
        "nothing outside the archive is built or published; replace the link by a copy of the file "
        "[archive.unsafe]",
    ]
    assert not (app.outdir / "lien.html").exists()
    assert not (app.outdir / "dossier" / "page.html").exists()


READER = """
from docutils import nodes
from sphinx.util.docutils import SphinxDirective

class Lire(SphinxDirective):
    \"\"\"A directive the archive does not know, which reads a file as docutils' do.\"\"\"
    required_arguments = 1

    def run(self):
        _rel, path = self.env.relfn2path(self.arguments[0])
        self.state.document.settings.record_dependencies.add(path)
        with open(path, encoding="utf-8") as stream:
            text = stream.read()
        return [nodes.paragraph(text, text)]

def setup(app):
    app.add_directive("lire", Lire)
"""


def test_a_directive_the_archive_does_not_know_cannot_publish_what_it_read(tmp_path: Path) -> None:
    """The net after reading: a page that depended on a file outside ``source/`` is withheld."""
    srcdir = small_project(tmp_path, CONF.replace('"sphinx_design"', '"sphinx_design", "lecteur"'))
    (srcdir / "lecteur.py").write_text(READER, encoding="utf-8")
    (srcdir / "conf.py").write_text(
        "import sys, os\nsys.path.insert(0, os.path.dirname(__file__))\n" + (srcdir / "conf.py").read_text(),
        encoding="utf-8",
    )
    (srcdir / "lecture.md").write_text("# Lecture\n\n```{lire} ../secret.txt\n```\n", encoding="utf-8")
    app = build_once(srcdir)
    assert leaks(app) == []
    assert (
        f"lecture.md:1: WARNING: this page read `{tmp_path / 'secret.txt'}`, outside `source/`, through a "
        f"directive the archive does not know: its content is withheld from the site; {OUTSIDE}"
    ) in warnings_of(app)


def test_an_include_outside_source_is_never_opened(tmp_path: Path) -> None:
    """MyST's ``{include}`` read the file before anything could refuse it: a FIFO never ends."""
    srcdir = small_project(tmp_path)
    os.mkfifo(tmp_path / "fifo")
    (srcdir / "lecture.md").write_text("# Lecture\n\n```{include} ../fifo\n```\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(srcdir), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=300,  # against a hang only: opening the FIFO would wait for ever
        check=False,
        env={**os.environ, "PYTHONPATH": str(REPO / "ext")},
    )
    assert "`include` of `../fifo` is refused" in done.stderr
    assert "Traceback" not in done.stderr
