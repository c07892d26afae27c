"""Listings of releases, filled after reading and kept fresh.

Following ``sphinx.ext.todo``: ``release-list`` leaves a placeholder while
reading; :class:`FillListings` (a post-transform) replaces it when the page
is written, from the domain's data. Pages that list releases must be written
again when what they list changes, although their own source did not: on
``env-get-updated`` each listing page's content is fingerprinted and the
page is re-written when the fingerprint differs from the last build's.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_refnode

from communiques import labels
from communiques.dates import long_date
from communiques.nodes import release_list
from communiques.records import archive_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from communiques.domain import ArchiveDomain, ListingSpec, ReleaseEntry


def select(domain: ArchiveDomain, spec: ListingSpec) -> list[ReleaseEntry]:
    """The releases a listing shows, in the order it shows them."""
    if spec.mentioning is not None:
        return list(domain.releases_mentioning(*spec.mentioning))
    entries = sorted(domain.releases.values(), key=lambda e: (e.issued, e.id))
    if spec.year is not None:
        return [e for e in entries if e.issued.year == spec.year]
    return list(reversed(entries))[: spec.latest]


class FillListings(SphinxPostTransform):
    default_priority = 100

    def run(self, **kwargs: object) -> None:
        domain = archive_domain(self.env)
        for placeholder in list(self.document.findall(release_list)):
            entries = select(domain, placeholder["spec"])
            placeholder.replace_self(self.render(entries))

    def render(self, entries: list[ReleaseEntry]) -> nodes.Element:
        if not entries:
            return nodes.paragraph("", labels.no_releases(), classes=["release-list-empty"])
        items = nodes.bullet_list(classes=["release-list"])
        for entry in entries:
            link = make_refnode(
                self.app.builder,
                self.env.docname,
                entry.docname,
                "",
                nodes.inline(entry.title, entry.title, classes=["release-title"]),
                entry.title,
            )
            line = nodes.paragraph()
            line += nodes.inline("", long_date(entry.issued, self.config), classes=["release-date"])
            line += nodes.Text(" — ")
            line += link
            items += nodes.list_item("", line, classes=[f"release-status-{entry.status}"])
        return items


def fingerprint(domain: ArchiveDomain, docname: str) -> str:
    digest = hashlib.sha256()
    for spec in domain.listings.get(docname, ()):
        for entry in select(domain, spec):
            digest.update(f"{entry.docname}\0{entry.title}\0{entry.issued}\0{entry.status}\n".encode())
    return digest.hexdigest()


def stale_listings(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: listing pages whose content changed."""
    domain = archive_domain(env)
    stale = []
    for docname in sorted(domain.listings):
        current = fingerprint(domain, docname)
        if domain.digests.get(docname) != current:
            domain.digests[docname] = current
            stale.append(docname)
    return stale


def setup_listings(app: Sphinx) -> None:
    app.add_post_transform(FillListings)
    app.connect("env-get-updated", stale_listings)
