"""The site's root: the page that sends readers to their language, the sitemap index, robots.txt.

Written by :mod:`communiques.tools.site` into its work folder, for the
languages the published site has, and published with them.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

from communiques.core.files import write_if_changed
from communiques.core.languages import name_of
from communiques.opendata.sitemaps import sitemap_index


def root_page(languages: Sequence[str], *, default: str | None = None) -> str:
    """The HTML of the site's root page, which sends readers to their language.

    Plain links work without script; the script only saves a click, picking
    the first of the reader's languages (``navigator.languages``) the archive
    has, else ``default`` (the first of ``languages``).
    """
    if not languages:
        raise ValueError("the site needs at least one language")
    default = default or languages[0]
    if default not in languages:
        raise ValueError(f"default language {default!r} is not one of {list(languages)}")

    def name(lang: str) -> str:
        return escape(name_of(lang))

    alternates = "\n".join(
        f'    <link rel="alternate" hreflang="{escape(lang)}" href="{escape(lang)}/">' for lang in languages
    )
    links = "\n".join(
        f'      <li><a href="{escape(lang)}/" hreflang="{escape(lang)}" lang="{escape(lang)}">'
        f"{name(lang)}</a></li>"
        for lang in languages
    )
    known = ", ".join(f'"{escape(lang)}"' for lang in languages)
    return f"""<!DOCTYPE html>
<html lang="{escape(default)}">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Communiqués</title>
{alternates}
    <link rel="alternate" hreflang="x-default" href="./">
    <script>
      (function () {{
        var known = [{known}];
        var wanted = navigator.languages || [navigator.language || ""];
        for (var i = 0; i < wanted.length; i++) {{
          var lang = String(wanted[i]).toLowerCase().split("-")[0];
          if (known.indexOf(lang) !== -1) {{ location.replace(lang + "/"); return; }}
        }}
        location.replace("{escape(default)}/");
      }})();
    </script>
    <style>
      body {{ font-family: system-ui, sans-serif; margin: 4rem auto; max-width: 30rem; padding: 0 1rem; }}
      ul {{ list-style: none; padding: 0; }}
      li {{ margin: 0.5rem 0; font-size: 1.25rem; }}
    </style>
  </head>
  <body>
    <h1>Communiqués</h1>
    <ul>
{links}
    </ul>
  </body>
</html>
"""


def write_root_page(languages: Sequence[str], out_dir: Path, *, default: str | None = None) -> Path:
    """Write the root ``index.html`` into ``out_dir``; its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    page = out_dir / "index.html"
    write_if_changed(page, root_page(languages, default=default))
    return page


def write_sitemap_index(base_url: str, languages: Sequence[str], out_dir: Path) -> Path:
    """Write the root ``sitemap.xml``, which lists each language's sitemap; its path."""
    path = out_dir / "sitemap.xml"
    write_if_changed(path, sitemap_index(base_url, languages))
    return path


def robots_txt(base_url: str) -> str:
    """The root ``robots.txt``: everything may be crawled; where the sitemap index is.

    Crawlers look for sitemaps at the root's ``robots.txt``; the languages'
    sitemaps are listed by the index (``sitemap.xml``).
    """
    return f"User-agent: *\nAllow: /\n\nSitemap: {base_url.rstrip('/')}/sitemap.xml\n"


def write_robots_txt(base_url: str, out_dir: Path) -> Path:
    """Write the root ``robots.txt`` when it changed; its path."""
    path = out_dir / "robots.txt"
    write_if_changed(path, robots_txt(base_url))
    return path


def write_root_files(base_url: str, work: Path, languages: Sequence[str]) -> dict[str, Path]:
    """The site root's files, written in the work folder for *languages*: {name: file}."""
    if not languages:
        return {}
    return {
        "index.html": write_root_page(languages, work),
        "sitemap.xml": write_sitemap_index(base_url, languages, work),
        "robots.txt": write_robots_txt(base_url, work),
    }
