"""The archive's configuration: every ``archive_*`` option, declared once and checked.

Each field of :class:`ArchiveConfig` is one Sphinx configuration value,
``archive_<field>``, with its type, default, what a change rebuilds, and a
description (shown in ``docs/open-data.md`` and the errors). They are
registered by :func:`setup_config`, checked on ``config-inited`` (a value of
the wrong type or meaning is an ``archive.config`` warning at the line of
``conf.py`` that sets it, and the default is used instead), and read by the
extension through :func:`archive_config`.

The site build (:mod:`communiques.tools.site`) runs outside Sphinx; it reads
the same options from ``conf.py`` with :func:`from_conf_py`, so ``fr/`` and
``en/`` are the languages of ``archive_languages``, not a second list.
"""

from __future__ import annotations

import os
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from communiques.core.languages import LANGUAGE_NAMES, LANGUAGES
from communiques.core.warnings_ import ArchiveWarning, warn

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.config import Config

#: the prefix of every option of the archive
PREFIX = "archive_"
#: where the site is served when nothing says otherwise (a placeholder)
PLACEHOLDER_BASE_URL = "https://communiques.example.org/"
#: environment variable read when neither conf.py nor ``-D`` set the base URL
BASE_URL_ENV = "COMMUNIQUES_BASE_URL"


def base_url_from_environment() -> str:
    """The base URL a build uses when its configuration sets none."""
    return os.environ.get(BASE_URL_ENV) or PLACEHOLDER_BASE_URL


def base_url_problem(url: object) -> str | None:
    """Why *url* cannot be the site's address, or None if it can."""
    if not isinstance(url, str):
        return f"archive_base_url must be text, not {type(url).__name__}"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"archive_base_url {url!r} is not an absolute http(s) URL (e.g. {PLACEHOLDER_BASE_URL!r})"
    if parts.query or parts.fragment:
        return f"archive_base_url {url!r} must not have a query or a fragment"
    return None


def _languages_problem(value: object) -> str | None:
    if not isinstance(value, (list, tuple)) or not value:
        return "archive_languages is empty: list the site's languages, its source language first"
    unknown = [lang for lang in value if lang not in LANGUAGE_NAMES]
    if unknown:
        return f"archive_languages has {unknown!r}: the archive knows {sorted(LANGUAGE_NAMES)}"
    if value[0] != LANGUAGES[0]:
        return f"archive_languages must start with the source language, {LANGUAGES[0]!r}"
    return None


def _feed_size_problem(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return f"archive_feed_size must be a whole number, 0 or more (0: no limit), not {value!r}"
    return None


def _shard_pages_problem(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return f"archive_search_shard_pages must be a whole number, 0 or more (0: one bundle), not {value!r}"
    return None


def _flag_problem(value: object) -> str | None:
    return None if isinstance(value, bool) else f"must be True or False, not {value!r}"


def option(
    default: Any,
    *,
    rebuild: str,
    types: tuple[type, ...],
    description: str,
    problem: Callable[[object], str | None],
) -> Any:
    """A field of :class:`ArchiveConfig`: its Sphinx registration and its check."""
    meta = {"rebuild": rebuild, "types": types, "description": description, "problem": problem}
    if callable(default):
        return field(default_factory=default, metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class ArchiveConfig:
    """The archive's options, as a build sees them (``archive_<name>`` in ``conf.py``)."""

    base_url: str = option(
        base_url_from_environment,
        rebuild="env",  # every page's head holds absolute links
        types=(str,),
        description="The address the site is served from (feeds, sitemaps, JSON-LD, PDFs); "
        f"default: ${BASE_URL_ENV} or the placeholder {PLACEHOLDER_BASE_URL}.",
        problem=base_url_problem,
    )
    languages: tuple[str, ...] = option(
        lambda: list(LANGUAGES),
        rebuild="env",
        types=(list, tuple),
        description="The site's languages, its source language first; one folder each.",
        problem=_languages_problem,
    )
    feed_size: int = option(
        50,
        rebuild="",
        types=(int,),
        description="Entries in each Atom feed, newest first (0: every release).",
        problem=_feed_size_problem,
    )
    search_shard_pages: int = option(
        10_000,
        rebuild="",
        types=(int,),
        description="Past years' release pages in each search bundle at most (0: one bundle for the "
        "whole site); see communiques.search.shards.",
        problem=_shard_pages_problem,
    )
    sphinx_searchindex: bool = option(
        False,
        rebuild="html",
        types=(bool,),
        description="Also write Sphinx's own searchindex.js (Pagefind indexes the site).",
        problem=_flag_problem,
    )

    @classmethod
    def of(cls, values: dict[str, Any]) -> ArchiveConfig:
        """The options from ``archive_*`` values (others ignored), defaults for what is not set."""
        given = {f.name: values[PREFIX + f.name] for f in fields(cls) if PREFIX + f.name in values}
        return cls(**{**given, "languages": tuple(given.get("languages", LANGUAGES))})

    @property
    def base(self) -> str:
        """The base URL with exactly one trailing slash, so paths can be appended."""
        return normalised(self.base_url)

    @property
    def is_placeholder(self) -> bool:
        return self.base == PLACEHOLDER_BASE_URL


def normalised(url: str) -> str:
    """*url* with exactly one trailing slash, so paths can be appended."""
    return url.rstrip("/") + "/"


def default_of(name: str) -> Any:
    spec = next(f for f in fields(ArchiveConfig) if f.name == name)
    if spec.default is MISSING:
        return spec.default_factory()  # type: ignore[operator]
    return spec.default


def archive_config(config: Config) -> ArchiveConfig:
    """The archive's options of a running build."""
    return ArchiveConfig.of(
        {PREFIX + f.name: getattr(config, PREFIX + f.name) for f in fields(ArchiveConfig)}
    )


def from_conf_py(confdir: Path) -> ArchiveConfig:
    """The archive's options as ``conf.py`` in *confdir* sets them, for commands outside Sphinx."""
    from sphinx.config import eval_config_file
    from sphinx.util.tags import Tags

    conf_py = confdir / "conf.py"
    namespace = eval_config_file(conf_py, Tags()) if conf_py.is_file() else {}
    config = ArchiveConfig.of(namespace)
    for spec in fields(ArchiveConfig):
        if spec.metadata["problem"](getattr(config, spec.name)) is not None:
            config = _with_default(config, spec.name)
    return config


def _with_default(config: ArchiveConfig, name: str) -> ArchiveConfig:
    values = {f.name: getattr(config, f.name) for f in fields(ArchiveConfig)}
    values[name] = default_of(name)
    return ArchiveConfig.of({PREFIX + key: value for key, value in values.items()})


def config_location(app: Sphinx, name: str) -> str:
    """``conf.py:<line>`` of the line that sets *name*, else of the file's first line.

    Sphinx reads a location without a colon as a document's name, hence the line.
    """
    conf_py = Path(app.confdir, "conf.py")
    lines = conf_py.read_text(encoding="utf-8").splitlines() if conf_py.is_file() else []
    number = next((n for n, line in enumerate(lines, 1) if line.lstrip().startswith(name)), 1)
    return f"{conf_py}:{number}"


def check_config(app: Sphinx, config: Config) -> None:
    """``config-inited``: each option checked; a bad one is reported and its default used."""
    for spec in fields(ArchiveConfig):
        name = PREFIX + spec.name
        problem = spec.metadata["problem"](getattr(config, name))
        if problem is None:
            continue
        hint = f"; set it in conf.py, with -D {name}=… or ${BASE_URL_ENV}" if spec.name == "base_url" else ""
        warn(f"{problem}{hint}", ArchiveWarning.CONFIG, location=config_location(app, name))
        if spec.name != "base_url":  # a bad address is reported, not replaced by another
            setattr(config, name, default_of(spec.name))


def setup_config(app: Sphinx) -> None:
    for spec in fields(ArchiveConfig):
        # Sphinx calls a callable default with the configuration, when nothing sets the value.
        default = _default_base_url if spec.name == "base_url" else default_of(spec.name)
        app.add_config_value(
            PREFIX + spec.name, default, spec.metadata["rebuild"], types=frozenset(spec.metadata["types"])
        )
    app.connect("config-inited", check_config)


def _default_base_url(config: Config) -> str:
    # A callable default: Sphinx asks for it only when conf.py and -D set none.
    return base_url_from_environment()
