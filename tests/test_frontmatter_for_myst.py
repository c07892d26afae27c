"""MyST is given only the front matter keys Sphinx and MyST read, at their lines."""

from __future__ import annotations

from pathlib import Path

import yaml

from communiques.archive.records import SPHINX_METADATA
from communiques.core import frontmatter, schema
from helpers import ROOTS, copy_sources, main_of, soup_of, text_of, warnings_of

RECORD = """\
---
# a comment
id: 2020-03-10-essai
title: >
  Un titre long,
  sur deux lignes
issued: 2020-03-10
issuers:
  - gouvernement-du-quebec
orphan: true
---

Le texte.
"""


def test_only_the_kept_keys_stay_each_on_its_lines() -> None:
    matter = frontmatter.read(RECORD)
    assert not matter.errors

    text = frontmatter.reduced(RECORD, matter, frozenset({"title", "orphan"}))

    lines, original = text.split("\n"), RECORD.split("\n")
    assert len(lines) == len(original), "every line keeps its number"
    kept = {number for number, line in enumerate(lines, 1) if line.strip()}
    assert kept == {1, 4, 5, 6, 10, 11, 13}, text
    assert all(lines[number - 1] == original[number - 1] for number in kept)
    block = "\n".join(lines[1:10])
    assert yaml.safe_load(block) == {"title": "Un titre long, sur deux lignes\n", "orphan": True}


def test_a_front_matter_without_kept_keys_becomes_an_empty_mapping() -> None:
    text = "---\nid: x\nissued: 2020-01-01\n---\nLe texte.\n"

    reduced = frontmatter.reduced(text, frontmatter.read(text), SPHINX_METADATA)

    assert reduced == "---\n{}\n\n---\nLe texte.\n"


def test_sphinx_keeps_no_copy_of_a_record(make_app, tmp_path: Path) -> None:
    app = make_app("html", srcdir=copy_sources(ROOTS / "test-entities", tmp_path / "project"))
    app.build()
    assert warnings_of(app) == []

    docname = "releases/2020/2020-03-10-premier"
    # (MyST adds a word count of its own.)
    record_keys = set(app.env.metadata[docname]) & set(schema.Release.model_fields)
    assert record_keys <= SPHINX_METADATA, app.env.metadata[docname]
    # The title still makes the page's heading.
    record = (app.srcdir / f"{docname}.md").read_text(encoding="utf-8")
    title = yaml.safe_load(record.split("---\n")[1])["title"]
    heading = main_of(soup_of(app, docname)).find("h1")
    assert heading is not None
    assert text_of(heading).rstrip("¶").strip() == title
