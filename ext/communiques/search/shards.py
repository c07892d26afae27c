"""Which Pagefind bundle indexes which page: the index in shards, so that a new release re-indexes little.

Pagefind (1.5) has no incremental index: one page added means every page
given to it is indexed again, about 2 ms a page on the machine of
``docs/benchmarks.md`` (23 s at 10,000 releases, for each language). A
language's index is therefore split into bundles, each built and proved on
its own and built again only when one of its pages changed:

- **the current bundle**, ``<lang>/pagefind/``: every page that is not a
  release of a past year: the newest year's releases, the entity and topic
  pages, the listings (those a new release changes);
- **bundles of past years**, ``<lang>/pagefind/archive/<first>-<last>/``:
  the releases of past years, consecutive years together, oldest first, up
  to ``archive_search_shard_pages`` pages a bundle (a year never split).
  They change only when an old release is corrected, or once a year, when
  the newest year becomes a past one.

The search page (``communiques-search-bundles.js``) loads every bundle the
list ``<lang>/pagefind/shards.json`` names and merges their results, as
Pagefind's own ``mergeIndex`` does, except for the order by date: the
bundles hold consecutive years, so their results are put end to end
(Pagefind's merge sorts every result by relevance). Each bundle costs the
reader its own copy of Pagefind's runtime on the first search (about
150 KB), which is why bundles hold thousands of pages, not one year each.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from communiques.core.config import default_of
from communiques.core.files import write_if_changed

#: the list of a language's bundles, in its current bundle's folder
SHARDS_FILE = "shards.json"
SHARDS_VERSION = 1
#: the past years' bundles, in the current bundle's folder
ARCHIVE_DIR = "archive"
#: a release's page: ``releases/<year>/<date>-<slug>.html``
RELEASE_PAGE = re.compile(r"releases/(\d{4})/\d{4}-\d{2}-\d{2}-[^/]+\.html")
#: pages of past years' releases a bundle holds at most, unless one year has more
DEFAULT_SHARD_PAGES: int = default_of("search_shard_pages")


@dataclass(frozen=True)
class Shard:
    """One bundle of a language's index and the pages it indexes."""

    #: its folder inside the current bundle's (``""`` for the current bundle itself)
    path: str
    pages: tuple[Path, ...]
    #: the years of the releases it holds (None for the current bundle, which holds every other page)
    years: tuple[int, int] | None = None

    @property
    def name(self) -> str:
        return self.path.rstrip("/") or "current"

    def folder(self, bundle_dir: str) -> str:
        """Its folder relative to the language's site, e.g. ``pagefind/archive/2000-2012``."""
        return f"{bundle_dir}/{self.path}".rstrip("/")

    def listed(self) -> dict[str, object]:
        """Its entry in :data:`SHARDS_FILE`."""
        entry: dict[str, object] = {"path": self.path, "pages": len(self.pages)}
        if self.years is not None:
            entry["first"], entry["last"] = self.years
        return entry


def release_year(name: str) -> int | None:
    """The year of the release whose page is *name* (relative to the language's folder), or None."""
    match = RELEASE_PAGE.fullmatch(name)
    return int(match.group(1)) if match else None


def plan(site: Path, found: Sequence[Path], shard_pages: int = DEFAULT_SHARD_PAGES) -> list[Shard]:
    """The bundles of *found* pages (of the language's folder *site*), newest first.

    *shard_pages* 0 puts every page in the current bundle.
    """
    by_year: dict[int, list[Path]] = {}
    others: list[Path] = []
    for path in found:
        year = release_year(path.relative_to(site).as_posix())
        (by_year.setdefault(year, []) if year is not None else others).append(path)
    newest = max(by_year, default=None)
    past = sorted(year for year in by_year if year != newest) if shard_pages > 0 else []
    current = others + [path for year, paths in by_year.items() if year not in past for path in paths]
    groups: list[list[int]] = []
    size = 0
    for year in past:  # oldest first, so that a year closing changes only the last group
        if not groups or size + len(by_year[year]) > shard_pages:
            groups.append([])
            size = 0
        groups[-1].append(year)
        size += len(by_year[year])
    shards = [Shard("", tuple(sorted(current)))]
    for years in reversed(groups):
        first, last = years[0], years[-1]
        label = f"{first}" if first == last else f"{first}-{last}"
        pages = tuple(sorted(path for year in years for path in by_year[year]))
        shards.append(Shard(f"{ARCHIVE_DIR}/{label}/", pages, (first, last)))
    return shards


def write_list(bundle: Path, shards: Sequence[Shard], probes: dict[str, tuple[str, str]]) -> None:
    """Write the list of the bundles into the current bundle's folder *bundle*.

    *probes* gives each bundle's query and the page it finds: the proof the
    publishing step runs again when the search step did not just run it.
    """
    entries = []
    for shard in shards:
        query, page = probes.get(shard.path, ("", ""))
        entries.append({**shard.listed(), "probe": {"query": query, "page": page}})
    document = {"version": SHARDS_VERSION, "bundles": entries}
    write_if_changed(bundle / SHARDS_FILE, json.dumps(document, indent=1, ensure_ascii=False) + "\n")


@dataclass(frozen=True)
class Listed:
    """A bundle as the list names it: its folder (``""``: the current bundle) and its probe."""

    path: str
    query: str = ""
    page: str = ""


def listed_bundles(bundle: Path) -> list[Listed]:
    """The bundles the list in *bundle* names; the current one alone without a list."""
    try:
        document = json.loads((bundle / SHARDS_FILE).read_text(encoding="utf-8"))
        listed = [
            Listed(str(entry["path"]), str(entry["probe"]["query"]), str(entry["probe"]["page"]))
            for entry in document["bundles"]
        ]
    except (OSError, ValueError, KeyError, TypeError):
        return [Listed("")]
    return listed or [Listed("")]


def unlisted_folders(bundle: Path, shards: Sequence[Shard]) -> list[Path]:
    """Folders of past years' bundles that the plan no longer has (years regrouped, releases deleted)."""
    archive = bundle / ARCHIVE_DIR
    if not archive.is_dir():
        return []
    kept = {shard.path.rstrip("/").split("/", 1)[-1] for shard in shards if shard.path}
    return sorted(path for path in archive.iterdir() if path.name not in kept)
