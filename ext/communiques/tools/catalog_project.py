"""Where a project's sources, templates and catalogs are, and the two commands that write them.

The gettext build (:func:`write_templates`) writes the templates of each
original language in a folder of its own (``_build/gettext/<original>/``, see
:mod:`communiques.translation.directions`); ``sphinx-intl update``
(:func:`update_catalogs`) merges each folder into the catalogs of every other
language. Used by :mod:`communiques.tools.catalogs`, the translators' command.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from communiques.core.files import PACKAGE_DIR
from communiques.core.files import REPOSITORY as ROOT
from communiques.core.languages import LANGUAGES
from communiques.translation.directions import LINE_WIDTH, targets

EXT_DIR = PACKAGE_DIR.parent


@dataclass(frozen=True)
class Project:
    """Where a Sphinx project's sources, configuration and catalogs are."""

    confdir: Path
    srcdir: Path
    locale_dir: Path

    @classmethod
    def archive(cls, root: Path = ROOT) -> Project:
        return cls(confdir=root, srcdir=root / "source", locale_dir=root / "locales")

    @property
    def pot_dir(self) -> Path:
        return self.confdir / "_build" / "gettext"

    @property
    def doctree_dir(self) -> Path:
        return self.confdir / "_build" / "doctrees" / "gettext"

    def po_path(self, language: str, catalog: str) -> Path:
        return self.locale_dir / language / "LC_MESSAGES" / f"{catalog}.po"

    def po_files(self, language: str | None = None) -> list[Path]:
        """Every ``.po`` of *language* (of every language if None)."""
        pattern = f"{language}/LC_MESSAGES/**/*.po" if language else "*/LC_MESSAGES/**/*.po"
        return sorted(self.locale_dir.glob(pattern))

    def language_of(self, po: Path) -> str:
        """The language of a ``.po`` of this project: its folder under ``locales/``."""
        return po.relative_to(self.locale_dir).parts[0]


@dataclass(frozen=True)
class Template:
    """The template of one catalog, in the folder of the language its messages are written in."""

    name: str
    original: str
    path: Path


def _subprocess_env() -> dict[str, str]:
    """The environment of a child Python that must import the extension."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(EXT_DIR), env.get("PYTHONPATH")]))
    return env


def write_templates(project: Project, *, quiet: bool = True) -> dict[str, Template]:
    """Run the gettext build from scratch; the ``.pot`` of each catalog by name.

    From scratch (``-E`` into an emptied folder): the templates of deleted
    documents must not survive, or their catalogs would be updated forever.
    """
    shutil.rmtree(project.pot_dir, ignore_errors=True)
    command = [
        sys.executable, "-m", "sphinx", "-b", "gettext", "-E",
        *(["-q"] if quiet else []),
        "-c", str(project.confdir),
        "-d", str(project.doctree_dir),
        str(project.srcdir), str(project.pot_dir),
    ]  # fmt: skip
    result = subprocess.run(command, check=False, env=_subprocess_env(), cwd=project.confdir)
    if result.returncode != 0:
        raise SystemExit(f"the gettext build failed (exit {result.returncode}): {' '.join(command)}")
    return templates(project)


def templates(project: Project) -> dict[str, Template]:
    """The templates the last gettext build wrote, by catalog name."""
    found = {}
    for original in LANGUAGES:
        folder = project.pot_dir / original
        for path in sorted(folder.rglob("*.pot")):
            name = path.relative_to(folder).with_suffix("").as_posix()
            found[name] = Template(name, original, path)
    return found


def update_catalogs(project: Project, languages: Sequence[str]) -> None:
    """``sphinx-intl update`` of every direction into *languages*, from the templates already written."""
    pots = templates(project)
    for original in LANGUAGES:
        into = targets(original, languages)
        if not into or not any(t.original == original for t in pots.values()):
            continue
        command = [
            sys.executable, "-m", "sphinx_intl", "update",
            "-p", str(project.pot_dir / original),
            "-d", str(project.locale_dir),
            *(arg for language in into for arg in ("-l", language)),
            "-w", str(LINE_WIDTH),
        ]  # fmt: skip
        result = subprocess.run(command, check=False, env=_subprocess_env(), cwd=project.confdir)
        if result.returncode != 0:
            raise SystemExit(f"sphinx-intl update failed (exit {result.returncode}): {' '.join(command)}")
