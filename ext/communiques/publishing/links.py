"""Every internal link and anchor of the published pages resolves.

A page's links are read with lxml (``<a href>``, ``<link href>``,
``<img src>``, ``<script src>``, ``<source src>``, ``<iframe src>``); a link
is internal when it is relative, or absolute under the site's address (the
canonical and hreflang links). Each must lead to a published file (a folder
means its ``index.html``), and its fragment, on a page, to an element of that
page with that ``id`` (or an ``<a name>``).

On a full build every page is checked. On an incremental one, the pages
whose bytes changed and the pages that link to a changed or removed file:
what each page links to and the anchors it has are remembered by the page's
digest (:class:`LinkCache`, kept with the work folders), so an unchanged page
is never read again.
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html

from communiques.core.files import write_atomically

#: the elements and attributes that link, as an XPath
LINKING = "//a[@href]|//link[@href]|//img[@src]|//script[@src]|//source[@src]|//iframe[@src]"
#: ``<link rel>`` values that name no resource of the site
NOT_RESOURCES = frozenset({"preconnect", "dns-prefetch"})
#: the cache's format
CACHE_VERSION = 2


@dataclass(frozen=True)
class PageLinks:
    """What a page links to (site path, fragment) and which anchors it has."""

    digest: str
    links: tuple[tuple[str, str], ...]
    anchors: frozenset[str]
    #: links that leave the site's folder, as written
    outside: tuple[str, ...] = ()


def resolve(page: str, href: str, base_url: str) -> tuple[str, str] | str | None:
    """Where *href* on *page* leads: (site path, fragment), None if it is external, or the
    link itself (a string) if it climbs out of the site."""
    href = href.strip()
    if href in ("", "#"):
        return None
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        if not href.startswith(base_url):
            return None  # another site, mailto:, tel:...
        parts = urlsplit(href[len(base_url) :])
        target = unquote(parts.path)
    elif parts.path.startswith("/"):
        site_path = urlsplit(base_url).path
        if not parts.path.startswith(site_path):
            return href
        target = unquote(parts.path[len(site_path) :])
    elif not parts.path:
        return page, unquote(parts.fragment)
    else:
        target = posixpath.join(posixpath.dirname(page), unquote(parts.path))
    normal = posixpath.normpath(target) if target else ""
    if normal.startswith("..") or normal.startswith("/"):
        return href
    if normal in ("", ".") or target.endswith("/"):
        normal = posixpath.join("" if normal in ("", ".") else normal, "index.html")
    return normal, unquote(parts.fragment)


def read_page(path: Path, name: str, digest: str, base_url: str) -> PageLinks:
    """The links and anchors of the published page *name* (its file: *path*)."""
    tree = lxml.html.fromstring(path.read_bytes())
    links: list[tuple[str, str]] = []
    outside: list[str] = []
    for element in tree.xpath(LINKING):
        if element.tag == "link" and NOT_RESOURCES & set((element.get("rel") or "").split()):
            continue
        href = element.get("href") if element.tag in ("a", "link") else element.get("src")
        where = resolve(name, href or "", base_url)
        if isinstance(where, str):
            outside.append(where)
        elif where is not None:
            links.append(where)
    anchors = {str(value) for value in tree.xpath("//@id|//a/@name")}
    return PageLinks(digest, tuple(sorted(set(links))), frozenset(anchors), tuple(outside))


class LinkCache:
    """:class:`PageLinks` by page, trusted only for the digest it was read from.

    Kept as JSON with every path and anchor written once (pages share most
    of theirs: the navigation, the theme's ids), which keeps it about a
    quarter of its plain size (13 MB plain at 1,000 releases).
    """

    def __init__(self, state: Path) -> None:
        self.state = state
        self.pages: dict[str, PageLinks] = {}
        try:
            data = json.loads(state.read_text(encoding="utf-8"))
            if data.get("version") == CACHE_VERSION:
                strings = data["strings"]
                for name, (digest, links, anchors, outside) in data["pages"].items():
                    pairs = tuple(
                        zip(
                            map(strings.__getitem__, links[::2]),
                            map(strings.__getitem__, links[1::2]),
                            strict=True,
                        )
                    )
                    self.pages[name] = PageLinks(
                        digest, pairs, frozenset(map(strings.__getitem__, anchors)), tuple(outside)
                    )
        except (OSError, ValueError, TypeError, KeyError, IndexError):
            self.pages = {}

    def save(self, published: dict[str, str]) -> None:
        """Keep the pages still published."""
        index: dict[str, int] = {}

        def number(text: str) -> int:
            found = index.get(text)
            if found is None:
                found = index[text] = len(index)
            return found

        pages = {}
        for name, info in self.pages.items():
            if published.get(name) != info.digest:
                continue
            links = [number(part) for link in info.links for part in link]
            pages[name] = [info.digest, links, sorted(map(number, info.anchors)), list(info.outside)]
        document = {"version": CACHE_VERSION, "strings": list(index), "pages": pages}
        write_atomically(self.state, json.dumps(document, separators=(",", ":")).encode())


@dataclass
class LinkReport:
    pages: int = 0
    links: int = 0
    #: (the page to blame, what is wrong)
    problems: list[tuple[str, str]] = field(default_factory=list)
    #: links into a language the site does not have
    unchecked: int = 0


def is_page(name: str) -> bool:
    return name.endswith(".html")


def check_links(
    site: Path,
    published: dict[str, str],
    *,
    changed: set[str],
    removed: set[str],
    full: bool,
    base_url: str,
    cache: LinkCache,
    only: set[str] | None = None,
    absent: frozenset[str] = frozenset(),
) -> LinkReport:
    """Check the links of the pages of *site* (among *only*, if given) that need it.

    Links into a folder of *absent* (a language the site does not have yet,
    e.g. after a first ``--lang fr``) are not checked: they are counted in
    :attr:`LinkReport.unchecked`.
    """

    def info(name: str) -> PageLinks:
        known = cache.pages.get(name)
        if known is None or known.digest != published[name]:
            known = read_page(site / name, name, published[name], base_url)
            cache.pages[name] = known
        return known

    pages = sorted(name for name in (only if only is not None else published) if is_page(name))
    moved = changed | removed
    report = LinkReport()
    for name in pages:
        known = cache.pages.get(name)
        fresh = known is None or known.digest != published[name]
        if not (full or fresh or name in changed or any(target in moved for target, _ in known.links)):  # type: ignore[union-attr]
            continue
        page = info(name)
        report.pages += 1
        report.links += len(page.links) + len(page.outside)
        for href in page.outside:
            report.problems.append((name, f"{name}: the link {href!r} leads out of the site"))
        for target, fragment in page.links:
            if target.split("/", 1)[0] in absent:
                report.unchecked += 1
            elif target not in published:
                report.problems.append((name, f"{name}: the link to {target} leads nowhere (no such file)"))
            elif fragment and is_page(target) and fragment not in info(target).anchors:
                report.problems.append(
                    (name, f"{name}: the link to {target}#{fragment} finds no such anchor")
                )
    return report
