"""Render the archive's PDFs: one per release and one per year, in each language.

Run after a language's HTML build succeeded (``python -m communiques.tools.site``
does), or alone: ``python -m communiques.pdf.render HTML_DIR DOCTREE_DIR``.

What is printed comes from the *print plan* the Sphinx build wrote
(:mod:`communiques.pdf.plan`) and from the built pages: the ``<article>`` of
each page (the record as the reader sees it, French spacing and all) is
copied, without its permalinks and download link, into a small print
document whose ``<head>`` carries the record's metadata; the print
stylesheet ``pdf.css`` lays it out. WeasyPrint renders it as PDF/A-2a:
archival (fonts embedded, sRGB output intent, XMP metadata) and tagged (the
"a" level: a logical structure for screen readers, /Lang, the title shown).

Rendering is incremental: the digest of each print document (with the
stylesheet, WeasyPrint's version and the PDF format) is kept in a manifest
in the doctree folder, and a PDF whose digest did not change is not
rendered again. A year's document holds its releases, so it is rendered
again when one of them changes.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import lxml.html
from lxml.html import HtmlElement

from communiques.pdf.plan import PLAN_VERSION, plan_file

STYLESHEET = Path(__file__).resolve().parent / "pdf.css"
#: PDF/A-2, level a: archival and tagged (see docs/pdf.md for the choice)
PDF_VARIANT = "pdf/a-2a"
MANIFEST_NAME = "communiques-pdf-manifest.json"
#: bump when the print documents change in a way their digest does not show
FORMAT_VERSION = 1
GENERATOR = "Communiqués"


def say(message: str) -> None:
    print(f"communiques.pdf.render: {message}", file=sys.stderr)  # noqa: T201 (the build's progress)


@dataclass(frozen=True)
class PrintJob:
    """One PDF to make: its print document and where it goes."""

    target: Path
    #: the path shown to people, relative to the language's folder
    name: str
    document: str
    base_url: str | None

    def digest(self, renderer: str) -> str:
        key = hashlib.sha256()
        for part in (renderer, self.base_url or "", self.document):
            key.update(part.encode("utf-8"))
            key.update(b"\0")
        return key.hexdigest()


@dataclass
class Report:
    rendered: list[tuple[str, float]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def renderer_key() -> str:
    """What, besides the document, shapes a PDF: renderer, format and stylesheet."""
    stylesheet = hashlib.sha256(STYLESHEET.read_bytes()).hexdigest()
    return f"weasyprint {version('weasyprint')}; {PDF_VARIANT}; format {FORMAT_VERSION}; css {stylesheet}"


# -- print documents -------------------------------------------------------------------


def article_of(page: Path) -> HtmlElement:
    """The main content of a built page (furo's ``<article role="main">``)."""
    tree = lxml.html.parse(str(page))
    found = tree.xpath('//*[@role="main"]')
    if not found:
        raise ValueError(f"{page}: no main content (an element with role=main)")
    return found[0]


def clean_article(article: HtmlElement, page: Path, *, prefix: str = "") -> HtmlElement:
    """A copy of *article* fit for print.

    Permalinks (``¶``), the download link and the language switcher (inside
    the main content with themes other than furo) are dropped; images point at
    their files; with *prefix*, every id and every link to one is prefixed,
    so that several records can share one document.
    """
    article = copy.deepcopy(article)
    for element in article.xpath(
        './/a[contains(concat(" ", @class, " "), " headerlink ")]'
        ' | .//*[contains(concat(" ", @class, " "), " pdf-download ")]'
        ' | .//*[contains(concat(" ", @class, " "), " language-switcher ")]'
    ):
        element.drop_tree()
    for image in article.xpath(".//img[@src]"):
        source = image.get("src")
        if "://" not in source and not source.startswith("data:"):
            image.set("src", (page.parent / source).resolve().as_uri())
    article.attrib.pop("id", None)
    article.attrib.pop("role", None)
    if prefix:
        for element in article.xpath(".//*[@id]"):
            element.set("id", prefix + element.get("id"))
        for link in article.xpath('.//a[starts-with(@href, "#")]'):
            link.set("href", "#" + prefix + link.get("href")[1:])
    return article


def text_of(element: HtmlElement | None) -> str:
    return " ".join(element.text_content().split()) if element is not None else ""


def new_document(language: str, title: str, metadata: dict[str, Any], *, archive: str) -> HtmlElement:
    """An empty print document with the PDF's metadata in its ``<head>``.

    WeasyPrint reads ``<title>``, ``author``, ``description``, ``keywords``,
    ``generator`` and ``dcterms.created``/``modified`` into the PDF's
    information dictionary and XMP metadata, and ``<html lang>`` into /Lang.
    """
    html = lxml.html.Element("html", lang=language)
    head = lxml.html.Element("head")
    html.append(head)
    head.append(lxml.html.Element("meta", charset="utf-8"))
    title_element = lxml.html.Element("title")
    title_element.text = title
    head.append(title_element)
    for author in metadata.get("authors", []):
        head.append(lxml.html.Element("meta", name="author", content=author))
    if metadata.get("description"):
        head.append(lxml.html.Element("meta", name="description", content=metadata["description"]))
    if metadata.get("keywords"):
        head.append(lxml.html.Element("meta", name="keywords", content=", ".join(metadata["keywords"])))
    head.append(lxml.html.Element("meta", name="generator", content=GENERATOR))
    head.append(lxml.html.Element("meta", name="dcterms.created", content=metadata["created"]))
    head.append(lxml.html.Element("meta", name="dcterms.modified", content=metadata["modified"]))
    html.append(lxml.html.Element("body", {"data-archive": archive}))
    return html


def record_element(release: dict[str, Any], article: HtmlElement) -> HtmlElement:
    """The record's ``<article>``, carrying what the running header and footer show."""
    article.tag = "article"
    article.set("class", "record")
    article.set("data-record", release["id"])
    article.set("data-issued", release["issued_label"])
    return article


def serialise(html: HtmlElement) -> str:
    return lxml.html.tostring(html, encoding="unicode", doctype="<!DOCTYPE html>")


def base_url_of(plan: dict[str, Any], page_uri: str) -> str | None:
    """The page's public URL if the site's is known: links in the PDF then work offline."""
    base = plan.get("base_url") or ""
    return urljoin(base.rstrip("/") + "/", page_uri) if base else None


def release_job(plan: dict[str, Any], release: dict[str, Any], html_dir: Path) -> PrintJob:
    page = html_dir / release["html"]
    article = clean_article(article_of(page), page)
    metadata = {
        "authors": release["authors"],
        "description": text_of(next(iter(article.find_class("subtitle")), None)) or release["type"],
        "keywords": release["keywords"],
        "created": release["issued"],
        "modified": release["modified"],
    }
    document = new_document(plan["language"], release["title"], metadata, archive=plan["archive"])
    document.find("body").append(record_element(release, article))
    return PrintJob(
        target=html_dir / release["pdf"],
        name=release["pdf"],
        document=serialise(document),
        base_url=base_url_of(plan, release["html"]),
    )


def year_job(
    plan: dict[str, Any], year: dict[str, Any], releases: dict[str, dict[str, Any]], html_dir: Path
) -> PrintJob:
    """The year's PDF: a cover with a page-numbered table of contents, then each release."""
    members = [releases[docname] for docname in year["releases"] if docname in releases]
    title = plan["labels"]["year"].format(year=year["year"])
    authors: dict[str, None] = {}
    keywords: dict[str, None] = {}
    for release in members:
        authors.update(dict.fromkeys(release["authors"]))
        keywords.update(dict.fromkeys(release["keywords"]))
    first_day = f"{year['year']}-01-01"
    metadata = {
        "authors": list(authors),
        "description": title,
        "keywords": list(keywords),
        "created": min((r["issued"] for r in members), default=first_day),
        "modified": max((r["modified"] for r in members), default=first_day),
    }
    document = new_document(plan["language"], title, metadata, archive=plan["archive"])
    body = document.find("body")
    cover = lxml.html.Element("section", {"class": "cover", "data-title": title})
    archive = lxml.html.Element("p", {"class": "archive"})
    archive.text = plan["archive"]
    cover.append(archive)
    heading = lxml.html.Element("h1")
    heading.text = title
    cover.append(heading)
    contents = lxml.html.Element("nav", {"class": "toc"})
    contents_heading = lxml.html.Element("h2")
    contents_heading.text = plan["labels"]["contents"]
    contents.append(contents_heading)
    entries = lxml.html.Element("ol")
    contents.append(entries)
    cover.append(contents)
    body.append(cover)
    for release in members:
        anchor = f"r-{release['id']}"
        entry = lxml.html.Element("li")
        date = lxml.html.Element("span", {"class": "toc-date"})
        date.text = release["issued_label"]
        link = lxml.html.Element("a", {"class": "toc-entry", "href": f"#{anchor}"})
        link.text = release["title"]
        entry.append(date)
        entry.append(link)
        entries.append(entry)
        page = html_dir / release["html"]
        article = record_element(release, clean_article(article_of(page), page, prefix=f"{anchor}--"))
        article.set("id", anchor)
        body.append(article)
    return PrintJob(
        target=html_dir / year["pdf"],
        name=year["pdf"],
        document=serialise(document),
        base_url=base_url_of(plan, year["html"]),
    )


# -- rendering -------------------------------------------------------------------------


class _Errors(logging.Handler):
    """WeasyPrint logs what it cannot do (a missing image, a bad URL) as errors."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def render(document: str, base_url: str | None, target: str) -> tuple[float, list[str]]:
    """Render one print document to *target*; the seconds it took and WeasyPrint's errors.

    Written beside the target and moved into place, so an interrupted build
    never leaves half a PDF. WeasyPrint is imported here, in the process
    that renders, not in the one that forks the renderers.
    """
    import weasyprint

    started = time.monotonic()
    errors = _Errors()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(errors)
    try:
        html = weasyprint.HTML(string=document, base_url=base_url)
        stylesheet = weasyprint.CSS(filename=str(STYLESHEET))
        partial = f"{target}.partial"
        html.write_pdf(partial, stylesheets=[stylesheet], pdf_variant=PDF_VARIANT)
        os.replace(partial, target)
    finally:
        logger.removeHandler(errors)
    return time.monotonic() - started, errors.messages


def _render_job(job: PrintJob) -> tuple[float, list[str]]:
    job.target.parent.mkdir(parents=True, exist_ok=True)
    return render(job.document, job.base_url, str(job.target))


# -- a language's PDFs -----------------------------------------------------------------


def load_plan(doctree_dir: Path) -> dict[str, Any]:
    path = plan_file(doctree_dir)
    plan: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if plan.get("version") != PLAN_VERSION:
        raise ValueError(f"{path}: print plan of another version; rebuild the HTML first")
    return plan


def jobs_of(plan: dict[str, Any], html_dir: Path) -> list[PrintJob]:
    releases = {release["docname"]: release for release in plan["releases"]}
    jobs = [release_job(plan, release, html_dir) for release in plan["releases"]]
    jobs += [year_job(plan, year, releases, html_dir) for year in plan["years"]]
    return jobs


def build_pdfs(
    html_dir: Path, doctree_dir: Path, *, jobs: int = 1, on_done: Callable[[str], None] = say
) -> Report:
    """Render the PDFs of one built language that changed since the last run."""
    plan = load_plan(doctree_dir)
    manifest_path = doctree_dir / MANIFEST_NAME
    manifest: dict[str, str] = {}
    if manifest_path.is_file():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    renderer = renderer_key()
    report = Report()
    todo: list[tuple[PrintJob, str]] = []
    wanted = set()
    for job in jobs_of(plan, html_dir):
        wanted.add(job.name)
        digest = job.digest(renderer)
        if manifest.get(job.name) == digest and job.target.is_file():
            report.skipped.append(job.name)
        else:
            todo.append((job, digest))
    for name in sorted(set(manifest) - wanted):
        # A record removed or renamed: its PDF goes with it.
        (html_dir / name).unlink(missing_ok=True)
        del manifest[name]
        report.removed.append(name)

    def done(job: PrintJob, digest: str, seconds: float, errors: list[str]) -> None:
        if errors:
            job.target.unlink(missing_ok=True)
            manifest.pop(job.name, None)
            report.failed.append((job.name, "; ".join(errors)))
            on_done(f"FAILED {job.name}: {'; '.join(errors)}")
            return
        manifest[job.name] = digest
        report.rendered.append((job.name, seconds))
        on_done(f"rendered {job.name} in {seconds:.2f}s")

    try:
        if jobs > 1 and len(todo) > 1:
            with ProcessPoolExecutor(max_workers=min(jobs, len(todo))) as pool:
                futures = [(job, digest, pool.submit(_render_job, job)) for job, digest in todo]
                for job, digest, future in futures:
                    done(job, digest, *future.result())
        else:
            for job, digest in todo:
                done(job, digest, *_render_job(job))
    finally:
        manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return report


def summary(report: Report, seconds: float) -> str:
    parts = [f"{len(report.rendered)} rendered", f"{len(report.skipped)} unchanged (not rendered)"]
    if report.removed:
        parts.append(f"{len(report.removed)} removed")
    if report.failed:
        parts.append(f"{len(report.failed)} FAILED")
    return f"{', '.join(parts)} in {seconds:.1f}s"


def build_language_pdfs(lang: str, html_dir: Path, doctree_dir: Path, *, jobs: int) -> int:
    """The PDF step of ``python -m communiques.tools.site`` for one built language; its exit status."""
    started = time.monotonic()
    if not plan_file(doctree_dir).is_file():
        say(f"{lang}: FAILED: the HTML build wrote no print plan ({plan_file(doctree_dir)})")
        return 1
    report = build_pdfs(html_dir, doctree_dir, jobs=min(jobs, os.cpu_count() or 1))
    say(f"{lang}: {summary(report, time.monotonic() - started)}")
    return 1 if report.failed else 0


def parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(
        prog="python -m communiques.pdf.render",
        description="Render the PDFs of one language already built as HTML (only those that changed).",
    )
    cli.add_argument("html_dir", type=Path, help="the language's HTML output, e.g. _build/site/fr")
    cli.add_argument("doctree_dir", type=Path, help="its doctrees, e.g. _build/doctrees/fr")
    cli.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, help="PDFs rendered at once")
    return cli


def main(argv: Sequence[str] | None = None) -> int:
    options = parser().parse_args(argv)
    started = time.monotonic()
    report = build_pdfs(options.html_dir.resolve(), options.doctree_dir.resolve(), jobs=options.jobs)
    say(summary(report, time.monotonic() - started))
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
