"""A process reading pages for a parallel build sends back only the archive's data of its pages."""

from __future__ import annotations

import pickle
from pathlib import Path

from communiques.perf import reading
from communiques.perf.reading import ByDocument
from helpers import ROOTS, copy_sources, warnings_of

#: the archive's tables by document, by domain
TABLES = {
    "archive": ("releases", "entities", "mentions", "listings", "histories", "problems", "redirects"),
    "translation": ("messages", "progress_pages"),
}


def tables_of(env) -> dict[str, dict]:
    return {
        f"{domain}.{table}": dict(env.domaindata[domain][table])
        for domain, tables in TABLES.items()
        for table in tables
    }


def test_a_reading_process_sends_back_only_the_documents_it_read(make_app, tmp_path: Path) -> None:
    merges: list[tuple[set[str], dict[str, set[str]]]] = []

    def note(app, env, docnames, other) -> None:
        merges.append((set(docnames), {name: set(table) for name, table in tables_of(other).items()}))

    sources = copy_sources(ROOTS / "test-entities", tmp_path / "parallel")
    parallel = make_app("html", srcdir=sources, parallel=2)
    parallel.connect("env-merge-info", note)
    parallel.build()
    serial = make_app("html", srcdir=copy_sources(ROOTS / "test-entities", tmp_path / "serial"))
    serial.build()

    # (The second application of a process warns that it registers the nodes again.)
    assert warnings_of(parallel) == []
    # Three chunks for two processes: the last is forked after a merge, from
    # an environment that already holds the first chunk's documents.
    assert len(merges) >= 3
    for docnames, sent in merges:
        for name, documents in sent.items():
            assert documents <= docnames, f"{name} sent back {sorted(documents - docnames)}"
    assert any(sent["archive.releases"] for _, sent in merges)
    # Nothing is lost: the merged data is the data of a serial build.
    assert {name: set(table) for name, table in tables_of(parallel.env).items()} == {
        name: set(table) for name, table in tables_of(serial.env).items()
    }


def test_a_table_is_pickled_whole_outside_a_reading_process() -> None:
    table = ByDocument({"releases/2024/a": 1, "releases/2024/b": 2})

    copy = pickle.loads(pickle.dumps(table, pickle.HIGHEST_PROTOCOL))

    assert copy == table
    assert type(copy) is ByDocument, "the environment's pickle keeps the table's kind for the next build"


def test_a_table_is_pickled_with_the_documents_read_in_a_reading_process(monkeypatch) -> None:
    table = ByDocument({"releases/2024/a": 1, "releases/2024/b": 2})
    # As in a process forked by process 1 that read one of the two pages.
    monkeypatch.setattr(reading, "_forking", 1)
    monkeypatch.setattr(reading, "_read_here", {"releases/2024/b"})

    assert pickle.loads(pickle.dumps(table, pickle.HIGHEST_PROTOCOL)) == {"releases/2024/b": 2}
