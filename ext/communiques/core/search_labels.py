"""Labels of the search page and of the search box, in French, translated through the extension's catalog.

Apart from :mod:`communiques.core.labels` (the pages' labels) for size only:
the same catalog (``communiques``) holds both.
"""

from __future__ import annotations

from communiques.core import labels
from communiques.core.labels import _, ngettext


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
        "releases_one": ngettext("{count} communiqué", "{count} communiqués", 1),
        "releases_other": ngettext("{count} communiqué", "{count} communiqués", 2),
        "entities_one": ngettext("{count} fiche", "{count} fiches", 1),
        "entities_other": ngettext("{count} fiche", "{count} fiches", 2),
        "filter_values": _("Chercher dans la liste : {filter}"),
        "more_values": _("Afficher {count} autres valeurs"),
        "fewer_values": _("Afficher moins de valeurs"),
        "no_values": _("Aucune valeur ne correspond."),
        "dates": _("Période"),
        "date_from": _("Du"),
        "date_to": _("Au"),
        "date_note": _("Les fiches n’ont pas de date : une période ne montre que les communiqués."),
        "issued_by": labels.issued_by(),
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
