"""Directives that structure the body of a release.

``citations`` (with ``quote`` inside), ``highlights`` and ``related-links``
open the sections every release has, headed by labels from the extension's
catalog; ``release-list`` leaves a placeholder for a listing of releases.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from communiques.archive.domain import archive_domain
from communiques.archive.entries import Claim, ListingSpec, Problem
from communiques.archive.nodes import generated, make_data_text, release_list
from communiques.core import labels
from communiques.core.kinds import ROLES
from communiques.core.languages import LANGUAGES
from communiques.core.warnings_ import ArchiveWarning
from communiques.pages.release_header import entity_xref

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.util.typing import OptionSpec


class ArchiveDirective(SphinxDirective):
    def problem(self, message: str) -> None:
        """Keep a problem to report, like those of the front matter."""
        archive_domain(self.env).add_problem(
            Problem(self.env.docname, self.lineno, ArchiveWarning.DIRECTIVE, message)
        )


class _LabelledSection(ArchiveDirective):
    """A section whose heading is a label of the extension."""

    has_content = True
    label: ClassVar[Callable[[], str]]
    css_class: ClassVar[str]

    def run(self) -> list[nodes.Node]:
        title = type(self).label()
        section = nodes.section(classes=[self.css_class])
        section["ids"].append(self.css_class)
        section["names"].append(nodes.fully_normalize_name(title))
        section += generated(nodes.title(title, title))
        self.set_source_info(section)
        self.state.document.note_implicit_target(section, section)
        self.state.nested_parse(self.content, self.content_offset, section)
        return [section]


class Citations(_LabelledSection):
    """The quotes of a release, each in a ``quote`` directive."""

    label = staticmethod(labels.citations)
    css_class = "citations"


class Highlights(_LabelledSection):
    """The highlights (faits saillants): a bullet list, nested lists allowed."""

    label = staticmethod(labels.highlights)
    css_class = "highlights"


class RelatedLinks(_LabelledSection):
    """Related links and the sentence that introduces them."""

    label = staticmethod(labels.related_links)
    css_class = "related-links"


class Quote(ArchiveDirective):
    """A quote with the person quoted and the post the release gives them.

    ``:person:`` is the id of the person; ``:post:`` the title printed under
    the quote; ``:name:`` the name as printed, if it differs from the record.
    """

    has_content = True
    option_spec: ClassVar[OptionSpec] = {
        "person": directives.unchanged_required,
        "post": directives.unchanged,
        "name": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        quote = nodes.block_quote(classes=["release-quote"])
        self.set_source_info(quote)
        self.state.nested_parse(self.content, self.content_offset, quote)
        person = self.options.get("person", "").strip()
        if not person:
            self.problem("a quote needs `:person:` with the id of the person quoted")
            return [quote]
        where, line = self.get_source_info()
        source = where or str(self.env.doc2path(self.env.docname))
        attribution = generated(nodes.attribution())
        self.set_source_info(attribution)
        xref = entity_xref("person", person, source, line)
        if "name" in self.options:
            xref["refexplicit"] = True
            xref[0] = nodes.inline(self.options["name"], self.options["name"])
        attribution += xref
        if self.options.get("post"):
            # The release gives the person this post that day: checked against the appointments.
            archive_domain(self.env).add_claim(
                Claim(person, self.options["post"], self.env.docname, line, "`:post:` of the quote")
            )
            attribution += nodes.Text(", ")
            post = make_data_text(self.options["post"], source, line)
            post["classes"] = ["post"]
            attribution += post
        quote += attribution
        return [quote]


class ReleaseList(ArchiveDirective):
    """A listing of releases: of one year, the latest N, or mentioning an entity."""

    option_spec: ClassVar[OptionSpec] = {
        "year": directives.positive_int,
        "latest": directives.positive_int,
        "style": lambda arg: directives.choice(arg, ("list", "cards")),
        **{kind: directives.unchanged_required for kind in ROLES},
    }

    def run(self) -> list[nodes.Node]:
        mentioning = next(((k, self.options[k].strip()) for k in ROLES if k in self.options), None)
        spec = ListingSpec(
            year=self.options.get("year"),
            latest=self.options.get("latest"),
            mentioning=mentioning,
            cards=self.options.get("style") == "cards",
        )
        chosen = sum(x is not None for x in (spec.year, spec.latest, spec.mentioning))
        if chosen != 1:
            self.problem(
                "release-list needs exactly one of `:year:`, `:latest:`, `:person:`, `:org:`, `:agreement:`"
            )
            return []
        archive_domain(self.env).add_listing(self.env.docname, spec)
        node = release_list(spec=spec)
        self.set_source_info(node)
        return [node]


def language_role(language: str) -> Any:
    """The role ``{<language>}`…``` marking words of *language* in a record's text.

    A French release that quotes an English term (``{en}`deep learning```)
    says so, for screen readers and search engines: docutils' HTML writer
    turns the class ``language-en`` into ``lang="en"``, and the French
    typography leaves the words as they are.
    """

    def role(
        name: str, rawtext: str, text: str, lineno: int, inliner: Any, *args: Any, **kwargs: Any
    ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        return [nodes.inline(rawtext, text, classes=[f"language-{language}"])], []

    return role


def setup_directives(app: Sphinx) -> None:
    for language in LANGUAGES:
        app.add_role(language, language_role(language))
    app.add_directive("citations", Citations)
    app.add_directive("quote", Quote)
    app.add_directive("highlights", Highlights)
    app.add_directive("related-links", RelatedLinks)
    app.add_directive("release-list", ReleaseList)
