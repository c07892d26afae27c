"""Labels of translations (notices, switcher, progress page), in French, through the extension's catalog.

Apart from :mod:`communiques.core.labels` for size only: the same catalog
(``communiques``) holds both, and the same typography step applies.
"""

from __future__ import annotations

from communiques.core.labels import _, ngettext


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


def translated_notice(original: str) -> str:
    """Top of a release translated from its *original* language (a code): the original prevails."""
    return {
        "fr": _("Traduit du français ; l’original français fait foi."),
        "en": _("Traduit de l’anglais ; l’original anglais fait foi."),
    }[original]


def not_translated_notice(original: str) -> str:
    """Top of a page not translated yet, shown in its *original* language (a code)."""
    return {
        "fr": _("Cette page n’est pas encore traduite : voici sa version originale, en français."),
        "en": _("Cette page n’est pas encore traduite : voici sa version originale, en anglais."),
    }[original]


def original_link(original: str) -> str:
    """The link of a translation to its original, in the *original* language (a code)."""
    return {"fr": _("Lire l’original en français"), "en": _("Lire l’original en anglais")}[original]


def progress_link() -> str:
    return _("Voir l’avancement des traductions")


def translation_help_link() -> str:
    """On a page not translated yet: where to learn how to translate it."""
    return _("Aider à traduire")


def progress_summary(*, translated: int, total: int, percent: str, fuzzy: int, untranslated: int) -> str:
    return _(
        "{translated} messages traduits sur {total} ({percent}), "
        "{fuzzy} à revoir, {untranslated} non traduits."
    ).format(translated=translated, total=total, percent=percent, fuzzy=fuzzy, untranslated=untranslated)


def progress_columns() -> list[str]:
    return [_("Page"), _("Traduits"), _("À revoir"), _("Non traduits"), _("Avancement")]


def progress_direction(*, target: str, original: str) -> str:
    """Heading of one direction of translation; *target* and *original* are language names."""
    return _("{target} (originaux en {original})").format(target=target, original=original)


def progress_interface_catalog(catalog: str) -> str:
    """Row of an interface catalog in the progress table: the archive's labels or the theme's."""
    return {
        "communiques": _("Libellés de l’archive (menus, titres de rubriques, dates)"),
        "sphinx": _("Libellés du thème (navigation, accessibilité)"),
    }[catalog]


def toggle_navigation() -> str:
    """Name of a sidebar entry's open/close switch, for screen readers; keeps ``{name}``."""
    return _("Ouvrir ou fermer la navigation de {name}")
