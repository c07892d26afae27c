"""Entities with the same name are listed in the same order whatever order they were read in."""

from __future__ import annotations

from communiques.archive.entries import EntityEntry, Lookup


def entity(ident: str) -> EntityEntry:
    return EntityEntry(kind="person", id=ident, docname=f"people/{ident}", name="Philippe Beaulieu",
                       sort_key="beaulieu, philippe", record=None)  # fmt: skip


def test_namesakes_are_ordered_by_id_not_by_reading_order() -> None:
    first, second = entity("philippe-beaulieu"), entity("philippe-beaulieu-2")
    data = {"releases": {}, "mentions": {}}
    read_one_way = Lookup.of({**data, "entities": {e.docname: e for e in (first, second)}})
    read_the_other = Lookup.of({**data, "entities": {e.docname: e for e in (second, first)}})

    assert read_one_way.of_kind["person"] == read_the_other.of_kind["person"] == [first, second]
