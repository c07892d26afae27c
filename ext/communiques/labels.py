"""Labels the extension shows, in French, translated through its catalog.

They are functions, not constants, so each is looked up in the language of
the build that calls it.
"""

from __future__ import annotations

from communiques.i18n import _, ngettext


def release_type(code: str) -> str:
    return {
        "press-release": _("Communiqué de presse"),
        "statement": _("Déclaration"),
        "media-advisory": _("Avis aux médias"),
        "speech": _("Allocution"),
    }[code]


def distribution(code: str) -> str:
    return {"immediate": _("Pour diffusion immédiate")}[code]


def dateline() -> str:
    """Pattern of the dateline; keeps ``{place}`` and ``{date}``."""
    return _("{place}, le {date}.")


def issued_by() -> str:
    return _("Publié par :")


def citations() -> str:
    return _("Citations")


def highlights() -> str:
    return _("Faits saillants")


def related_links() -> str:
    return _("Liens connexes")


def contacts_heading(role: str, count: int) -> str:
    if role == "information":
        return _("Informations")
    return ngettext("Source", "Sources", count)


def phone() -> str:
    """Pattern before a telephone number; keeps ``{phone}``."""
    return _("Tél. : {phone}")


def no_releases() -> str:
    return _("Aucun communiqué pour l’instant.")
