"""Labels the extension shows, in French, translated through its catalog.

They are functions, not constants, so each is looked up in the language of
the build that calls it.
"""

from __future__ import annotations

from communiques.core.i18n import _, ngettext
from communiques.core.kinds import BY_ROLE


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


# -- the archive's notice of a release (its metadata block) ------------------------------


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


def read_more() -> str:
    """The link of a release's card; keeps ``{title}`` (for screen readers only)."""
    return _("Lire le communiqué : {title}")


def footer_links() -> dict[str, str]:
    return {
        "label": _("Liens de l’archive"),
        "search": search_title(),
        "years": _("Communiqués par année"),
        "topics": _("Sujets"),
        "feeds": _("Fil Atom des communiqués"),
        "export": _("Données ouvertes (JSON)"),
        "translations": _("Traductions"),
        "about": _("Archive publique de communiqués de presse gouvernementaux, conservés tels que publiés."),
    }


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
    """How a relation reads from its source (or, *inverse*, from its target)."""
    forward = {
        "part-of": _("Fait partie de"),
        "centre-of": _("Centre d’expertise de"),
        "secretariat-by": _("Secrétariat assuré par"),
        "hosted-by": _("Hébergé par"),
        "member-of": _("Membre de"),
        "created-by": _("Créé par l’entente"),
        "party-to": _("Partie à"),
        "signed": _("Signataire de"),
        "broader": _("Terme générique"),
    }
    backward = {
        "part-of": _("Comprend"),
        "centre-of": _("Centres d’expertise"),
        "secretariat-by": _("Assure le secrétariat de"),
        "hosted-by": _("Héberge"),
        "member-of": _("Membres"),
        "created-by": _("Crée"),
        "party-to": _("Parties"),
        "signed": _("Signataires"),
        "appointment": _("Postes occupés par"),
        "broader": _("Terme spécifique"),
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


def history_commit() -> str:
    """Pattern of a commit in a record's history; keeps ``{commit}`` and ``{subject}``."""
    return _("Fiche modifiée ({commit}) : {subject}")


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


# -- search ------------------------------------------------------------------------------


def search_title() -> str:
    return _("Recherche")


def search_entity_kind(kind: str) -> str:
    """The kind of an entity page, as the search's « type » filter shows it."""
    return {
        "person": _("Fiche de personne"),
        "org": _("Fiche d’organisation"),
        "agreement": _("Fiche d’entente"),
        "topic": _("Fiche de sujet"),
    }[kind]


def search_filter(key: str) -> str:
    return {
        "type": _("Type de communiqué"),
        "kind": _("Type de fiche"),
        "topic": _("Sujet"),
        "year": _("Année"),
        "issuer": _("Émetteur"),
        "organisation": _("Organisation"),
        "person": _("Personne"),
        "agreement": _("Entente"),
        "language": _("Langue de l’original"),
    }[key]


def search_ui() -> dict[str, str]:
    """Every text of the search page's script; ``{…}`` parts are filled in by it."""
    return {
        "title": search_title(),
        "label": _("Rechercher dans les communiqués et les fiches"),
        "placeholder": _("Mots, noms, sigles…"),
        "hint": _("Les accents sont facultatifs : « numerique » trouve « numérique »."),
        "submit": _("Rechercher"),
        "filters": _("Affiner"),
        "clear_filters": _("Retirer les filtres"),
        "sort": _("Trier par"),
        "sort_relevance": _("pertinence"),
        "sort_newest": _("date, les plus récents d’abord"),
        "sort_oldest": _("date, les plus anciens d’abord"),
        "sort_note": _("Le tri par date ne montre que les communiqués."),
        "empty": _(
            "Tapez un mot, un nom ou un sigle, ou choisissez un filtre. "
            "Les accents sont facultatifs : « numerique » trouve « numérique »."
        ),
        "loading": _("Recherche en cours…"),
        "count_one": ngettext("{count} résultat", "{count} résultats", 1),
        "count_other": ngettext("{count} résultat", "{count} résultats", 2),
        "none": _("Aucun résultat pour « {query} »."),
        "none_filtered": _("Aucun résultat avec ces filtres."),
        "none_hint": _("Vérifiez l’orthographe, essayez moins de mots ou retirez des filtres."),
        "more": _("Afficher plus de communiqués"),
        "entities": _("Fiches"),
        "releases": _("Communiqués"),
        "section_count": _("{shown} sur {count}"),
        "all_entities": _("Afficher les {count} fiches"),
        "all_releases": _("Afficher les {count} communiqués"),
        "count_split": _("{releases} communiqués, {entities} fiches"),
        "filter_values": _("Chercher dans la liste : {filter}"),
        "more_values": _("Afficher {count} autres valeurs"),
        "fewer_values": _("Afficher moins de valeurs"),
        "no_values": _("Aucune valeur ne correspond."),
        "dates": _("Période"),
        "date_from": _("Du"),
        "date_to": _("Au"),
        "date_note": _("Les fiches n’ont pas de date : une période ne montre que les communiqués."),
        "issued_by": issued_by(),
        "noscript": _(
            "La recherche a besoin de JavaScript ; les pages de chaque année listent tous les communiqués."
        ),
        "failed": _("La recherche a échoué : vérifiez la connexion et réessayez."),
        "unavailable": _(
            "La recherche n’est pas disponible : l’index n’a pas été construit "
            "(« tox -e build » le construit)."
        ),
        "keyboard": _(
            "Flèche bas : aller aux résultats ; flèches haut et bas : passer d’un résultat à l’autre."
        ),
    }


# -- translations ------------------------------------------------------------------------


def other_languages() -> str:
    """Name of the language switcher, for screen readers."""
    return _("Cette page dans une autre langue")


def untranslated_notice(count: int, language: str) -> str:
    """Top of a page partly left in its original *language* (a name); keeps ``{count}``."""
    return ngettext(
        "Cette page n’est pas encore entièrement traduite : {count} passage est resté en {language}.",
        "Cette page n’est pas encore entièrement traduite : {count} passages sont restés en {language}.",
        count,
    ).format(count=count, language=language)


def progress_link() -> str:
    return _("Voir l’avancement des traductions")


def progress_summary(*, translated: int, total: int, percent: str, fuzzy: int, untranslated: int) -> str:
    return _(
        "{translated} messages traduits sur {total} ({percent}), "
        "{fuzzy} à revoir, {untranslated} non traduits."
    ).format(translated=translated, total=total, percent=percent, fuzzy=fuzzy, untranslated=untranslated)


def progress_columns() -> list[str]:
    return [_("Page"), _("Traduits"), _("À revoir"), _("Non traduits"), _("Avancement")]


def progress_labels_catalog() -> str:
    """Row of the extension's own labels in the progress table."""
    return _("Libellés de l’archive (menus, titres de rubriques, dates)")
