"""The home page's parts: a search box, the latest releases as cards, the years, the feeds.

* ``search-box``: a form that sends its words to the search page (its
  labels from the extension's catalog, written with the page);
* ``release-list`` with ``:style: cards``: the releases as sphinx-design
  cards (type and date, title, issuers, a one-line summary), made when the
  page is written (:func:`release_cards`, called by
  :class:`communiques.pages.listings.FillListings`);
* ``year-list``: every year that has releases, with their number, linked to
  its page (a listing, kept fresh like the others);
* ``archive-feeds``: links to the feed of every release and to the export.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.errors import NoUri

from communiques.archive.domain import archive_domain
from communiques.archive.entries import YearsSpec, summary_text
from communiques.archive.nodes import generated
from communiques.core import labels, search_labels
from communiques.core.dates import long_date
from communiques.core.paths import year_page
from communiques.core.urls import EXPORT_PATH, feed_path
from communiques.internals import design_card_grid, design_card_title
from communiques.pages import notice_labels
from communiques.pages.directives import ArchiveDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.util.typing import OptionSpec

    from communiques.archive.domain import ArchiveDomain
    from communiques.archive.entries import ReleaseEntry

#: longest summary on a card, in characters (the stylesheet shows three lines)
CARD_SUMMARY = 220


# -- the search box --------------------------------------------------------------------------


class search_box(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """A search form sending ``?q=`` to the search page (HTML builders)."""


class SearchBox(ArchiveDirective):
    """``search-box``: the archive's search form, where the page wants it."""

    def run(self) -> list[nodes.Node]:
        node = search_box()
        self.set_source_info(node)
        return [node]


def _visit_search_box(self: Any, node: search_box) -> None:
    ui = search_labels.search_ui()
    builder = self.builder
    action = builder.get_relative_uri(builder.current_docname, "search")
    encode, attval = self.encode, self.attval
    self.body.append(
        '<form class="archive-search-box" role="search" method="get" '
        f'action="{attval(action)}">\n'
        f'<label for="archive-search-query">{encode(ui["label"])}</label>\n'
        '<div class="archive-search-row">'
        '<input type="search" id="archive-search-query" name="q" autocomplete="off" '
        f'placeholder="{attval(ui["placeholder"])}" aria-describedby="archive-search-hint">'
        f'<button type="submit">{encode(ui["submit"])}</button></div>\n'
        f'<p class="archive-search-hint" id="archive-search-hint">{encode(ui["hint"])}</p>\n'
        "</form>\n"
    )
    raise nodes.SkipNode


def _skip(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


def shortened(text: str, length: int) -> str:
    """*text* on one line, cut at a word before *length* characters (with an ellipsis)."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[: length - 1].rsplit(" ", 1)[0].rstrip(" ,;:–—-")
    return f"{cut}…"


# -- the latest releases as cards -------------------------------------------------------------


def release_cards(
    domain: ArchiveDomain, builder: Builder, config: Config, docname: str, entries: list[ReleaseEntry]
) -> nodes.Element:
    """The releases as a grid of sphinx-design cards: kicker, title, issuers, summary."""
    names = domain.entities_by_key()
    cards: list[list[nodes.Node]] = []
    for entry in entries:
        kicker = f"{labels.release_type(entry.type)} · {long_date(entry.issued, config)}"
        link = nodes.reference(
            "", entry.title, refuri=builder.get_relative_uri(docname, entry.docname), internal=True
        )
        link["classes"].append("release-title")
        title: list[nodes.Node] = [link]
        if entry.status == "withdrawn":
            mark = nodes.inline("", f"({labels.withdrawn_mark()})", classes=["release-withdrawn-mark"])
            title += [nodes.Text(" "), mark]
        issuers = " · ".join(names[("org", i)].name if ("org", i) in names else i for i in entry.issuers)
        children: list[nodes.Node] = [
            nodes.paragraph("", kicker, classes=["release-card-kicker", "sd-card-text"]),
            design_card_title(title),
            nodes.paragraph("", issuers, classes=["release-card-issuer", "sd-card-text"]),
        ]
        summary = summary_text(entry, names)
        if summary:
            text = shortened(summary, CARD_SUMMARY)
            children.append(nodes.paragraph("", text, classes=["release-card-summary", "sd-card-text"]))
        cards.append(children)
    return design_card_grid(cards, columns="1 1 2 3", gutter="3", classes=["release-cards"])


def card_text(domain: ArchiveDomain, entry: ReleaseEntry) -> str:
    """What a release's card shows besides its row in a list, for the listings' fingerprints."""
    names = domain.entities_by_key()
    issuers = [names[("org", i)].name if ("org", i) in names else i for i in entry.issuers]
    return repr((entry.type, issuers, summary_text(entry, names)))


# -- the years -----------------------------------------------------------------------------------


class year_list(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Placeholder for the list of years, filled when the page is written."""


class YearList(ArchiveDirective):
    """``year-list``: every year of the archive, each linked to its page with its number of releases."""

    option_spec: ClassVar[OptionSpec] = {}

    def run(self) -> list[nodes.Node]:
        archive_domain(self.env).add_listing(self.env.docname, YearsSpec())
        node = year_list()
        self.set_source_info(node)
        return [node]


def years_of(domain: ArchiveDomain) -> list[tuple[int, int]]:
    """(year, number of releases) of every year that has releases, newest first."""
    counts: dict[int, int] = {}
    for entry in domain.releases.values():
        counts[entry.issued.year] = counts.get(entry.issued.year, 0) + 1
    return sorted(counts.items(), reverse=True)


def fill_years(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the years, linked to their pages."""
    placeholders = list(doctree.findall(year_list))
    if not placeholders:
        return
    domain = archive_domain(app.env)
    for placeholder in placeholders:
        items = nodes.bullet_list(classes=["archive-years"])
        for year, count in years_of(domain):
            line = nodes.paragraph()
            page = year_page(year)
            try:
                uri = app.builder.get_relative_uri(docname, page) if page in app.env.all_docs else None
            except NoUri:  # single-file builders: the year's page has no address there
                uri = None
            if uri is not None:
                line += nodes.reference("", str(year), refuri=uri, internal=True)
            else:
                line += nodes.Text(str(year))
            line += nodes.Text(f" ({count})")
            items += nodes.list_item("", line)
        placeholder.replace_self(items if len(items) else nodes.paragraph("", labels.no_releases()))


# -- feeds and export ----------------------------------------------------------------------------


class ArchiveFeeds(ArchiveDirective):
    """``archive-feeds``: the feed of every release and the export, from this page."""

    def run(self) -> list[nodes.Node]:
        up = "../" * self.env.docname.count("/")
        text = notice_labels.footer_links()
        paragraph = generated(nodes.paragraph(classes=["archive-feeds"]))
        feed = nodes.reference("", text["feeds"], refuri=f"{up}{feed_path(None)}", classes=["subscribe-link"])
        paragraph += feed
        paragraph += nodes.Text(" · ")
        paragraph += nodes.reference("", text["export"], refuri=f"{up}{EXPORT_PATH}")
        return [paragraph]


def setup_home(app: Sphinx) -> None:
    skip = (_skip, None)
    app.add_node(search_box, html=(_visit_search_box, None), latex=skip, text=skip, man=skip, texinfo=skip)
    app.add_node(year_list, html=skip, latex=skip, text=skip, man=skip, texinfo=skip)
    app.add_directive("search-box", SearchBox)
    app.add_directive("year-list", YearList)
    app.add_directive("archive-feeds", ArchiveFeeds)
    app.connect("doctree-resolved", fill_years)
