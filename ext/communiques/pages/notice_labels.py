"""Labels of a release's notice and citation, its neighbours, and the archive's footer.

In French, translated through the extension's catalog (``communiques``), like
those of :mod:`communiques.core.labels`, apart from them for size only.
"""

from __future__ import annotations

from communiques.core.labels import _


def release_meta_heading() -> str:
    """Heading of the block of what the archive says of a release (not printed on the original)."""
    return _("Notice de l’archive")


def release_meta(name: str) -> str:
    return {
        "type": _("Type"),
        "date": _("Date"),
        "issuers": _("Publié par"),
        "topics": _("Sujets"),
        "language": _("Langue de l’original"),
        "pdf": _("PDF"),
    }[name]


def permalink() -> str:
    """Before a release's permanent address, in "cite this release"."""
    return _("Lien permanent :")


def cite_heading() -> str:
    return _("Citer ce communiqué")


def citation() -> str:
    """A release's citation, after APA (7th ed.); keeps ``{authors}``, ``{date}``, ``{title}``,
    ``{type}``, ``{site}`` and ``{url}``."""
    return _("{authors} ({date}). {title} [{type}]. {site}. {url}")


def citation_date() -> str:
    """The date of a citation, as a Babel (CLDR) date pattern: year first, as APA writes it."""
    return _("y, d MMMM")


def citation_downloads() -> str:
    """Before the links to the citation's files (CSL-JSON, BibTeX)."""
    return _("Télécharger la référence :")


def neighbours_label() -> str:
    """Name of the links to the releases before and after, for screen readers."""
    return _("Communiqués voisins")


def previous_release() -> str:
    return _("Communiqué précédent")


def next_release() -> str:
    return _("Communiqué suivant")


def previous_year() -> str:
    return _("Année précédente")


def next_year() -> str:
    return _("Année suivante")


# -- the home page, the footer ---------------------------------------------------------------


def footer_links() -> dict[str, str]:
    return {
        "label": _("Liens de l’archive"),
        "search": _("Recherche"),
        "years": _("Communiqués par année"),
        "topics": _("Sujets"),
        "feeds": _("Fil Atom des communiqués"),
        "export": _("Données ouvertes (JSON)"),
        "translations": _("Traductions"),
        "about": _("Archive publique de communiqués de presse gouvernementaux, conservés tels que publiés."),
    }
