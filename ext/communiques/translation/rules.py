"""What a catalog must be, translated or not: the rules ``tox -e intl -- check`` and the tests apply.

Translation is progress, not a gate: a catalog may be missing, behind the
sources, or untranslated, and the site still builds (the page shows its
original text, marked with its language, and says so). What a catalog must
never be is *wrong*, because the build would then show something false:

* it compiles (``msgfmt --check``, run by :mod:`communiques.tools.catalogs`);
* its header says who translated it and when once it holds a translation
  (:func:`header_problems`): a catalog ``tox -e intl`` has just created may
  keep the template's header until someone translates in it;
* no translation drops or changes a placeholder (:func:`placeholder_problems`):
  a link to an entity (``{org}`… <ocde>```) keeps its kind and target, a
  field of a label (``{count}``) stays;
* the interface catalogs (the archive's labels, the theme's strings) are
  complete in every language of the site, which
  :mod:`communiques.tools.catalogs` checks.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from communiques.translation.progress import is_translated

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog, Message

#: the values a header keeps until a translator (or a PO editor) fills it in
TEMPLATE_VALUES = {
    "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
    "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
}
#: an archive role with an explicit target: {org}`text <target>`
ROLE = re.compile(r"\{(person|org|agreement|release)\}`[^`]*?<([^<>`]+)>`")
#: a role without one: {org}`ocde`
BARE_ROLE = re.compile(r"\{(person|org|agreement|release)\}`([^`<>]+)`")
#: a field of a label's pattern: {count}, {place} (a role's ``{org}`` is followed by a backtick)
FIELD = re.compile(r"\{(\w+)\}(?!`)")


def header_problems(catalog: Catalog, language: str) -> list[str]:
    """What is wrong with a catalog's header, as a list of sentences (empty: nothing)."""
    problems = []
    declared = str(catalog.locale or "").replace("-", "_").split("_")[0]
    if declared != language:
        problems.append(f"the header says `Language: {catalog.locale}`, the folder is `{language}`")
    if not any(message.id and is_translated(message) for message in catalog):
        return problems
    headers = dict(catalog.mime_headers)
    for name, template in TEMPLATE_VALUES.items():
        if headers.get(name, "").strip() == template:
            problems.append(f"`{name}` still has the template's value `{template}`: fill it in")
    if catalog.fuzzy:
        problems.append("the header is marked fuzzy: remove `#, fuzzy` above the header")
    return problems


def placeholders(text: str) -> Counter[str]:
    """The roles and fields of a message, each with its kind and target."""
    found: Counter[str] = Counter()
    found.update(f"{kind}:{target}" for kind, target in ROLE.findall(text))
    found.update(f"{kind}:{target}" for kind, target in BARE_ROLE.findall(text))
    found.update(f"{{{name}}}" for name in FIELD.findall(text))
    return found


def placeholder_problems(catalog: Catalog) -> list[tuple[Message, str]]:
    """Translations in use whose placeholders differ from their message's."""
    problems = []
    for message in catalog:
        if not message.id or not is_translated(message):
            continue
        ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        wanted = placeholders(str(ids[-1]))
        for string in strings:
            have = placeholders(str(string))
            if have != wanted:
                missing = sorted((wanted - have).elements())
                extra = sorted((have - wanted).elements())
                problems.append(
                    (message, f"placeholders changed: missing {missing or 'none'}, added {extra or 'none'}")
                )
                break
    return problems
