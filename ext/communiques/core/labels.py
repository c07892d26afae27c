"""Labels the extension shows, in French, translated through its catalog.

They are functions, not constants, so each is looked up in the language of
the build that calls it. Every label passes through one typography step
(:func:`communiques.core.typography.typeset`) in the language it is looked
up in: a French label gets its no-break spaces (``Sigle :``), wherever it
is shown (pages, PDFs, feeds, the search page).
"""

from __future__ import annotations

from communiques.core import i18n
from communiques.core.kinds import BY_ROLE
from communiques.core.typography import typeset


def _(message: str) -> str:
    """A label in the build's language, typeset for it."""
    return typeset(str(i18n._(message)), i18n.labels_language())


def ngettext(singular: str, plural: str, n: int) -> str:
    return typeset(str(i18n.ngettext(singular, plural, n)), i18n.labels_language())


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


def phone_extension() -> str:
    """A telephone number with its extension; keeps ``{phone}`` and ``{extension}``."""
    return _("Tél. : {phone}, poste {extension}")


def bare_phone_extension() -> str:
    """A number printed without a label, with its extension; keeps ``{phone}`` and ``{extension}``."""
    return _("{phone}, poste {extension}")


def no_releases() -> str:
    return _("Aucun communiqué pour l’instant.")


# -- entity pages ----------------------------------------------------------------------


def field(name: str) -> str:
    return {
        "acronym": _("Sigle"),
        "aliases": _("Autres noms"),
        "other_names": _("Autres noms"),
        "classification": _("Catégorie"),
        "founded": _("Fondation"),
        "dissolved": _("Dissolution"),
        "appointments": _("Postes"),
        "identifiers": _("Identifiants"),
        "sources": _("Sources"),
        "type": _("Type"),
        "parties": _("Parties"),
        "signatories": _("Signataires"),
        "signed": _("Signature"),
        "period": _("Période"),
        "duration": _("Durée"),
        "status": _("Statut"),
        "creates": _("Crée"),
        "broader": _("Terme générique"),
    }[name]


def field_label(name: str) -> str:
    """A field's name as a table of facts shows it, before its value: ``Sigle :``."""
    return _("{field} :").format(field=field(name))


def enumeration(items: list[str]) -> str:
    """Items of one kind in a line (posts held at once): ``a ; b`` in French, ``a; b`` in English."""
    # Translators: the separator between items of a list in a line, spaces included.
    return _(" ; ").join(items)


def person_tooltip(name: str, posts: list[str]) -> str:
    """A person's link in a release: their name and the posts they held that day."""
    return _("{name} — {posts}").format(name=name, posts=enumeration(posts)) if posts else name


def classification(code: str) -> str:
    return {
        "government": _("gouvernement"),
        "ministry": _("ministère"),
        "ministerial-office": _("cabinet ministériel"),
        "government-agency": _("organisme gouvernemental"),
        "university": _("université"),
        "school": _("établissement d’enseignement supérieur"),
        "research-institute": _("institut de recherche"),
        "research-chair": _("chaire de recherche"),
        "centre-of-expertise": _("centre d’expertise"),
        "foundation": _("fondation"),
        "international-organisation": _("organisation internationale"),
        "intergovernmental-forum": _("forum intergouvernemental"),
        "partnership": _("partenariat international"),
    }[code]


def agreement_type(code: str) -> str:
    return {
        "protocole-d-entente": _("protocole d’entente"),
        "entente": _("entente"),
        "accord": _("accord"),
    }[code]


def agreement_status(code: str) -> str:
    return {
        "announced": _("annoncée"),
        "in-force": _("en vigueur"),
        "expired": _("échue"),
        "unknown": _("inconnu"),
    }[code]


def relation(code: str, *, inverse: bool) -> str:
    """How a relation reads from its source (or, *inverse*, from its target); keeps ``{target}``.

    A label, a colon, then the entity's name: the sentence reads right
    whatever the name (its gender, number or article), in both languages.
    """
    forward = {
        "part-of": _("Fait partie de : {target}"),
        "centre-of": _("Centre d’expertise de : {target}"),
        "secretariat-by": _("Secrétariat assuré par : {target}"),
        "hosted-by": _("Organisme hôte : {target}"),
        "member-of": _("Membre de : {target}"),
        "created-by": _("Entente fondatrice : {target}"),
        "party-to": _("Partie à : {target}"),
        "signed": _("Signataire de : {target}"),
        "broader": _("Terme générique : {target}"),
    }
    backward = {
        "part-of": _("Comprend : {target}"),
        "centre-of": _("Centre d’expertise : {target}"),
        "secretariat-by": _("Assure le secrétariat de : {target}"),
        "hosted-by": _("Héberge : {target}"),
        "member-of": _("Membre : {target}"),
        "created-by": _("Crée : {target}"),
        "party-to": _("Partie : {target}"),
        "signed": _("Signataire : {target}"),
        "appointment": _("Poste occupé par : {target}"),
        "broader": _("Terme spécifique : {target}"),
    }
    return (backward if inverse else forward)[code]


def relations_heading() -> str:
    return _("Relations")


def mentions_heading(kind: str) -> str:
    return str(BY_ROLE[kind].mentions_heading)


def period(start: str | None, end: str | None) -> str:
    """A span of dates already formatted; either end may be unknown."""
    if start and end:
        return _("du {start} au {end}").format(start=start, end=end)
    if start:
        return _("depuis le {start}").format(start=start)
    if end:
        return _("jusqu’au {end}").format(end=end)
    return ""


def no_entities() -> str:
    return _("Aucune fiche pour l’instant.")


def draft_mark() -> str:
    """Shown under the name of an authority record written by ``import`` and not yet reviewed."""
    return _("Fiche provisoire, à vérifier")


# -- feeds -----------------------------------------------------------------------------


def feed_all() -> str:
    return _("Communiqués : tous les communiqués")


def feed_mentioning(name: str) -> str:
    """Title of the feed of one entity; keeps ``{name}``."""
    return _("Communiqués qui mentionnent {name}").format(name=name)


def feed_of(kind: str, name: str) -> str:
    """Title of the feed of one entity: those that mention it, or, for a topic, those about it."""
    if kind == "topic":
        return _("Communiqués sur le sujet {name}").format(name=name)
    return feed_mentioning(name)


def feed_subtitle() -> str:
    return _("Communiqués de presse gouvernementaux, conservés tels que publiés.")


def subscribe() -> str:
    return _("S’abonner")


def subscribe_hint() -> str:
    """Tooltip of the subscribe link."""
    return _("Fil Atom : recevoir les nouveaux communiqués dans un lecteur de fils")


# -- history, provenance, edition ---------------------------------------------------------


def history_heading() -> str:
    return _("Historique")


def history_published() -> str:
    return _("Publication")


def history_event(event: str) -> str:
    """An event of a release's history; ``corrected`` and ``withdrawn`` keep ``{note}``."""
    return {
        "added": _("Ajout à l’archive"),
        "corrected": _("Correction : {note}"),
        "withdrawn": _("Retrait : {note}"),
    }[event]


def notice_title(status: str) -> str:
    return {"corrected": _("Communiqué corrigé"), "withdrawn": _("Communiqué retiré")}[status]


def notice_text(status: str) -> str:
    """Pattern of a notice; keeps ``{date}`` and ``{reason}``."""
    return {
        "corrected": _("Corrigé le {date} : {reason}"),
        "withdrawn": _("Retiré le {date} : {reason}"),
    }[status]


def withdrawn_mark() -> str:
    """Shown after a withdrawn release's title in listings."""
    return _("retiré")


def provenance_heading() -> str:
    return _("Provenance")


def original_download() -> str:
    return _("Original capturé")


def original_retrieved() -> str:
    """Pattern; keeps ``{date}``."""
    return _("capturé le {date}")


def original_checksum() -> str:
    """Pattern; keeps ``{sha256}``."""
    return _("Empreinte SHA-256 : {sha256}")


def original_publication() -> str:
    """Pattern; keeps ``{url}``."""
    return _("Publication d’origine : {url}")


def edition() -> str:
    """Pattern of the footer's stamp; keeps ``{date}``."""
    return _("Édition du {date}")


def page_changed() -> str:
    """A page's own last change, in its footer; keeps ``{date}``."""
    return _("Page modifiée le {date}")


def edition_unversioned() -> str:
    return _("Édition hors gestion de versions")


def redirect_title() -> str:
    return _("Page déplacée")


def redirect_text() -> str:
    """Pattern of a redirect page; keeps ``{link}``."""
    return _("Cette page a déménagé : {link}")


# -- PDFs ------------------------------------------------------------------------------


def pdf_download() -> str:
    return _("Télécharger le PDF")


def pdf_contents() -> str:
    """Heading of the table of contents of a year's PDF."""
    return _("Table des matières")


def pdf_year_title() -> str:
    """Title of a year's PDF; keeps ``{year}``."""
    return _("Communiqués publiés en {year}")


def pdf_permalink() -> str:
    """Before the release's permanent address, printed at the end of its PDF."""
    return _("Permalien :")
