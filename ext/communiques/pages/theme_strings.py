"""The theme's own words (furo's), in the page's language.

furo has no message catalog of its own: its templates ask Sphinx's
``sphinx`` catalog (``_()`` and ``{% trans %}``), whose French has none of
furo's strings ("Skip to content", "Back to top", "On this page"…), and a
few of its strings are not translatable at all (ARIA labels, the titles of
its icons, the "Toggle navigation of …" its Python adds to the sidebar). So
French pages spoke English. The archive provides:

* **the theme's catalog.** Sphinx looks for its ``sphinx`` catalog in the
  project's ``locale_dirs`` before its own (the documented way to override
  or complete Sphinx's and the theme's messages): the archive's is
  ``locales/<lang>/LC_MESSAGES/sphinx.po``. The theme's strings are English,
  so they are translated *from* English into the archive's other languages,
  like an English record (:mod:`communiques.translation.directions`); its
  template, ``sphinx.pot``, is extracted from furo's templates and the
  archive's by the gettext build (:func:`theme_template`) and updated by
  ``tox -e intl`` like any other.
* **the untranslatable strings made translatable**: a Jinja extension
  (:class:`ThemeStrings`) wraps each of them in ``_()`` as furo's templates
  are loaded (:data:`WRAPPED`), so they join the theme's catalog. Each
  replacement must match furo's template exactly; a test checks that every
  one still does (a furo upgrade that moves one fails it, never silently).
* **the sidebar's "Toggle navigation of …"**, made by furo in Python: the
  archive's label (:func:`communiques.core.translation_labels.toggle_navigation`) in its
  place, set on the navigation furo computed for the page.

The Jinja environment and the template folders are Sphinx's template
bridge's (:mod:`communiques.internals`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import furo
from babel.messages.catalog import Catalog
from bs4 import BeautifulSoup
from jinja2.ext import Extension
from jinja2.sandbox import SandboxedEnvironment

from communiques import internals
from communiques.core import translation_labels
from communiques.pages.theme import TEMPLATES_DIR

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx

#: the catalog Sphinx reads the theme's strings from (its own text domain)
THEME_CATALOG = "sphinx"
#: the language the theme's strings are written in
THEME_LANGUAGE = "en"
#: furo's templates
FURO_DIR = Path(furo.__file__).parent / "theme" / "furo"


@dataclass(frozen=True)
class Wrap:
    """A string of a furo template that Sphinx cannot translate, and the translatable form it gets."""

    template: str
    original: str
    replacement: str
    #: how many times the template has it
    count: int = 1


def _attribute(name: str, text: str) -> tuple[str, str]:
    return f'{name}="{text}"', f'{name}="{{{{ _({text!r})|e }}}}"'


def _element(tag: str, text: str) -> tuple[str, str]:
    return f"<{tag}>{text}</{tag}>", f"<{tag}>{{{{ _({text!r}) }}}}</{tag}>"


#: furo 2025.12.19's strings that are not wrapped in ``_()``
WRAPPED: tuple[Wrap, ...] = (
    Wrap("page.html", *_attribute("aria-label", "Toggle site navigation sidebar")),
    Wrap("page.html", *_attribute("aria-label", "Toggle table of contents sidebar")),
    Wrap("page.html", *_attribute("aria-label", "Toggle Light / Dark / Auto color theme"), count=2),
    Wrap(
        "page.html",
        """<a class="muted-link" href="https://pradyunsg.me">@pradyunsg</a>'s""",
        """{% trans %}<a class="muted-link" href="https://pradyunsg.me">@pradyunsg</a>'s{% endtrans %}""",
    ),
    *(
        Wrap("partials/icons.html", *_element("title", text))
        for text in (
            "Contents",
            "Menu",
            "Expand",
            "Light mode",
            "Dark mode",
            "Auto light/dark, in light mode",
            "Auto light/dark, in dark mode",
        )
    ),
)


def furo_name(filename: str | None) -> str | None:
    """The name of a furo template (``page.html``) from its file, None for any other file."""
    if not filename:
        return None
    path = Path(filename).resolve()
    return path.relative_to(FURO_DIR).as_posix() if path.is_relative_to(FURO_DIR) else None


def wrapped(source: str, name: str | None) -> str:
    """*source* of furo's template *name* with its untranslatable strings made translatable."""
    for wrap in WRAPPED:
        if wrap.template == name:
            source = source.replace(wrap.original, wrap.replacement)
    return source


class ThemeStrings(Extension):
    """Jinja extension: furo's untranslatable strings wrapped in ``_()`` as its templates load."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return wrapped(source, furo_name(filename))


# -- the theme's catalog ---------------------------------------------------------------------


def template_files() -> Iterator[tuple[str, Path]]:
    """The templates whose strings the theme's catalog holds: furo's and the archive's."""
    for label, folder in (("furo", FURO_DIR), ("ext/communiques/templates", TEMPLATES_DIR)):
        for path in sorted(folder.rglob("*.html")):
            yield f"{label}/{path.relative_to(folder).as_posix()}", path


@functools.cache
def theme_template(project: str = "") -> Catalog:
    """The template of the theme's strings, as Sphinx's templates look them up."""
    environment = SandboxedEnvironment(extensions=["jinja2.ext.i18n"])
    template = Catalog(project=project, charset="utf-8")
    for location, path in template_files():
        source = wrapped(path.read_text(encoding="utf-8"), furo_name(str(path)))
        for lineno, _function, message in environment.extract_translations(source):  # type: ignore[attr-defined]
            if isinstance(message, str) and message:
                template.add(message, locations=[(location, lineno)])
            elif isinstance(message, tuple) and message and message[0]:
                template.add(message, locations=[(location, lineno)])
    return template


# -- the sidebar's navigation ------------------------------------------------------------------


# Pages outside every toctree share their folder's sidebar (communiques.pages.navigation):
# few distinct trees, each parsed once per writing process.
@functools.lru_cache(maxsize=512)
def relabelled_navigation(tree: str, pattern: str) -> str:
    """furo's navigation *tree* with each toggle named by *pattern* (``{name}``)."""
    soup = BeautifulSoup(tree, "html.parser")
    for checkbox in soup.select("input.toctree-checkbox"):
        item = checkbox.find_parent("li")
        link = item.find("a") if item is not None else None
        if link is not None:
            checkbox["aria-label"] = pattern.format(name=link.get_text())
    return str(soup)


def navigation_labels(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``, after furo's: its sidebar's toggles named in the page's language."""
    tree = context.get("furo_navigation_tree")
    if tree:
        context["furo_navigation_tree"] = relabelled_navigation(tree, translation_labels.toggle_navigation())


def install(app: Sphinx) -> None:
    """``builder-inited``: furo's templates load with their strings translatable."""
    environment = internals.template_environment(app)
    if environment is not None:
        environment.add_extension(ThemeStrings)


def setup_theme_strings(app: Sphinx) -> None:
    app.connect("builder-inited", install)
    # furo computes its navigation at the default priority (500).
    app.connect("html-page-context", navigation_labels, priority=600)
