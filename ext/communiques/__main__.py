"""``python -m communiques``: the archivists' commands; see :mod:`communiques.tools.cli`."""

from __future__ import annotations

from communiques.tools.cli import main

raise SystemExit(main())
