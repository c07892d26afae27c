"""``python -m communiques.tools.export_schema``: keep ``docs/export.schema.json`` in step with the code."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from communiques.opendata.export import schema_text
from communiques.tools import generated_docs

if TYPE_CHECKING:
    from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    return generated_docs.main(
        argv,
        prog="python -m communiques.tools.export_schema",
        description="Print, write or check the JSON Schema of the archive's export.",
        render=schema_text,
    )


if __name__ == "__main__":
    sys.exit(main())
