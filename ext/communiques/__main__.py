"""``python -m communiques``: the archivists' commands; see :mod:`communiques.cli`."""

from __future__ import annotations

from communiques.cli import main

raise SystemExit(main())
