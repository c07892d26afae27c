"""A synthetic archive of N French press releases, for benchmarks.

``python -m tests.bench.corpus --records 1000 --out /tmp/corpus`` writes a
complete source tree (home page, year pages, releases, people, organisations,
agreements and their index pages) that builds strictly with the archive's
configuration::

    sphinx-build -b html -c <repository> /tmp/corpus /tmp/corpus-html -nW --keep-going

Everything is drawn from one seeded random generator, so the same
``--records`` and ``--seed`` always give the same files, byte for byte.

Releases look like the real ones (see the seed release in ``source/``):
front matter with issuers, letterhead, distribution, source, contacts and
sometimes revisions; a body of several paragraphs that mention people,
organisations and agreements through the archive's roles; quotes, highlights
and related links. People hold dated appointments (ministers succeed each
other in each ministry), and a release only mentions people who held a post
on its date, so the consistency rules hold. Organisations have hierarchical
and other relations without cycles; agreements have parties, signatories and
sometimes create an organisation. Each release has one to four topics of a
vocabulary of 36 (drawn from a generator of their own, so the rest of the
corpus is the same with or without them).

``--plain`` writes the same archive for plain Sphinx + MyST, without the
extension (the benchmark's baseline): the same front matter (with
``orphan: true``), roles turned into their text, the extension's directives
turned into ordinary Markdown (headings, block quotes, lists), listings
turned into lists of links, and a ``conf.py`` with only MyST and the basic
theme.
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import shutil
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

#: releases run until the end of this year, back over up to ``MAX_YEARS`` years
LAST_YEAR = 2025
MAX_YEARS = 26

# -- vocabulary ---------------------------------------------------------------------------

WOMEN = (
    "Nadine", "Sonia", "Geneviève", "Chantal", "Isabelle", "Marie-Ève", "Dominique", "Christine",
    "Louise", "Martine", "Andrée", "Julie", "Catherine", "Danielle", "Hélène", "Marguerite",
    "Sophie", "Nathalie", "Mélanie", "Caroline", "Émilie", "Josée", "Lucie", "France",
)  # fmt: skip
MEN = (
    "Pierre", "Jean-François", "Éric", "Benoît", "Simon", "Mathieu", "François", "Gilles",
    "Luc", "André", "Christian", "Denis", "Stéphane", "Martin", "Sébastien", "Yves",
    "Marc-André", "Jérôme", "Raymond", "Philippe", "Gabriel", "Étienne", "Normand", "Réjean",
)  # fmt: skip
SURNAMES = (
    "Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin",
    "Gagné", "Ouellet", "Pelletier", "Bélanger", "Lévesque", "Bergeron", "Leblanc", "Paquette",
    "Girard", "Simard", "Boucher", "Caron", "Beaulieu", "Cloutier", "Dubé", "Poirier", "Fournier",
    "Lapointe", "Leclerc", "Lefebvre", "Poulin", "Thibault", "St-Pierre", "Nadeau", "Martel",
    "Gilbert", "Hamel", "Champagne", "Lachance", "Bédard", "Mercier", "Desjardins", "Thériault",
)  # fmt: skip
MINISTRIES = (
    ("des Relations internationales et de la Francophonie", "MRIF"),
    ("de l’Économie et de l’Innovation", "MEI"),
    ("de la Santé et des Services sociaux", "MSSS"),
    ("de l’Éducation", "MEQ"),
    ("de l’Enseignement supérieur", "MES"),
    ("de la Culture et des Communications", "MCC"),
    ("de l’Environnement et de la Lutte contre les changements climatiques", "MELCC"),
    ("des Transports et de la Mobilité durable", "MTMD"),
    ("de la Famille", "MFA"),
    ("de l’Immigration, de la Francisation et de l’Intégration", "MIFI"),
    ("de la Justice", "MJQ"),
    ("de la Sécurité publique", "MSP"),
    ("des Finances", "MFQ"),
    ("de l’Agriculture, des Pêcheries et de l’Alimentation", "MAPAQ"),
    ("de l’Énergie et des Ressources naturelles", "MERN"),
    ("des Affaires municipales et de l’Habitation", "MAMH"),
    ("du Tourisme", "MTO"),
    ("de l’Emploi et de la Solidarité sociale", "MESS"),
    ("de la Cybersécurité et du Numérique", "MCN"),
    ("des Forêts, de la Faune et des Parcs", "MFFP"),
)
CITIES = (
    "Québec", "Montréal", "Gatineau", "Sherbrooke", "Trois-Rivières", "Saguenay", "Rimouski",
    "Lévis", "Laval", "Longueuil", "Rouyn-Noranda", "Drummondville", "Granby", "Sept-Îles",
    "Gaspé", "Val-d’Or", "Saint-Jérôme", "Joliette", "Victoriaville", "Alma", "Baie-Comeau",
    "Paris", "Bruxelles", "Lyon", "Boston", "New York", "Toronto", "Ottawa", "Munich", "Tokyo",
)  # fmt: skip
THEMES = (
    "l’intelligence artificielle", "la transition énergétique", "la santé numérique",
    "l’économie circulaire", "la francisation des personnes immigrantes", "la recherche en santé",
    "la mobilité durable", "l’innovation pédagogique", "la culture francophone",
    "la cybersécurité", "l’agriculture de proximité", "les technologies quantiques",
    "la protection des milieux humides", "l’habitation abordable", "le tourisme hivernal",
    "la main-d’œuvre qualifiée", "la découvrabilité des contenus culturels", "l’hydrogène vert",
    "la forêt boréale", "la petite enfance", "les sciences de la vie", "l’aérospatiale",
    "la sécurité alimentaire", "les batteries et minéraux critiques", "la littératie numérique",
)  # fmt: skip
FOUNDATION_NAMES = (
    "Abeona", "Lucie-et-André-Chagnon", "Jeunes en tête", "Mirella-et-Lino-Saputo",
    "du Grand Montréal", "Béati", "Trottier", "J.-Armand-Bombardier", "Desjardins",
    "Famille-Molson", "Marcelle-et-Jean-Coutu", "de l’Université du Québec",
)  # fmt: skip
INTERNATIONAL = (
    ("Organisation de coopération et de développement économiques", "OCDE", "international-organisation"),
    (
        "Organisation des Nations unies pour l’éducation, la science et la culture",
        "UNESCO",
        "international-organisation",
    ),
    ("Organisation internationale de la Francophonie", "OIF", "international-organisation"),
    ("Groupe des Sept", "G7", "intergovernmental-forum"),
    ("Conseil de l’Europe", "COE", "international-organisation"),
    ("Organisation mondiale de la santé", "OMS", "international-organisation"),
)
GOVERNMENTS = (
    ("Gouvernement du Canada", "gouvernement-du-canada"),
    ("Gouvernement français", "gouvernement-francais"),
    ("Gouvernement de la Belgique", "gouvernement-de-la-belgique"),
    ("Gouvernement de la Bavière", "gouvernement-de-la-baviere"),
)
AMOUNTS = ("1,2 million", "3,5 millions", "850 000", "12 millions", "250 000", "47 millions", "6,8 millions")

# Sentences of the body: {P} a person with their post, {O} an organisation,
# {A} an agreement, {T} a theme, {C} a city, {M} an amount.
OPENINGS = (
    "{P} annonce aujourd’hui un investissement de {M} $ pour soutenir {T} à {C}.",
    "Dans le cadre d’une mission à {C}, {P} s’est entretenu avec les représentants de {O} "
    "afin de faire le point sur les travaux engagés dans le domaine de {T}.",
    "{P} a rendu public aujourd’hui le plan d’action sur {T}, élaboré avec {O}.",
    "Le gouvernement du Québec confirme, par la voix de {P}, son appui de {M} $ à {O} "
    "pour ses travaux portant sur {T}.",
    "{P} souligne la signature de {A}, qui renforce la coopération entre {O} et ses partenaires.",
)
SENTENCES = (
    "Cette initiative s’inscrit dans la continuité des engagements pris par {O} en matière de {T}.",
    "Les partenaires ont convenu de se rencontrer de nouveau à {C} au cours de la prochaine année.",
    "Le projet, d’une durée de trois ans, sera mené conjointement par {O} et {O}.",
    "{P} a rappelé l’importance de {A} pour le développement de {T}.",
    "Les sommes annoncées permettront la création de plus de 150 emplois dans la région de {C}.",
    "Rappelons que {O} participe activement aux travaux internationaux sur {T}.",
    "Cette annonce fait suite aux consultations menées l’an dernier auprès des milieux concernés.",
    "Un comité de suivi, formé de représentants de {O} et de {O}, veillera à la mise en œuvre des mesures.",
    "Les premiers résultats seront présentés lors d’un colloque qui se tiendra à {C}.",
    "{O} assurera la coordination des activités, en collaboration avec les milieux de la recherche.",
    "Le financement provient du programme de soutien à {T}, doté d’une enveloppe de {M} $.",
    "Les entreprises et les organismes intéressés pourront déposer une demande dès le printemps.",
    "La mise en œuvre de {A} se poursuit selon l’échéancier prévu.",
    "Ces mesures contribueront à faire du Québec un chef de file en matière de {T}.",
)
QUOTES = (
    "« Nous posons aujourd’hui un geste concret pour {T}. Cet investissement témoigne de notre volonté "
    "d’agir avec nos partenaires, au bénéfice de toutes les régions du Québec. »",
    "« La collaboration avec {O} ouvre des possibilités nouvelles. Ensemble, nous pourrons aller plus "
    "loin et plus vite, dans le respect de nos valeurs communes. »",
    "« Je salue le travail remarquable des équipes qui ont rendu ce projet possible. "
    "Le dossier de {T} est une priorité de notre gouvernement, et nous continuerons d’y consacrer "
    "les moyens nécessaires. »",
    "« Cette entente illustre la vitalité de nos relations. Elle permettra à nos chercheurs, à nos "
    "entreprises et à nos étudiants de travailler ensemble sur des enjeux qui nous concernent tous. »",
)
HIGHLIGHTS = (
    "Le Québec compte plus de 300 chercheurs et 11 000 étudiants dans les domaines liés à {T}.",
    "L’investissement annoncé s’ajoute aux {M} $ déjà consacrés à {T} depuis 2018.",
    "{O} regroupe un vaste réseau d’établissements d’enseignement et de recherche.",
    "La prochaine rencontre des partenaires devrait se tenir à {C}.",
    "Les projets retenus seront annoncés au cours des prochains mois.",
    "Près de 5 000 organisations travaillent dans le secteur au Québec.",
)
TITLES = (
    "{M} $ pour {T} à {C}",
    "Le Québec et ses partenaires unis pour {T}",
    "Mission à {C} : {T} au cœur des échanges",
    "Nouveau plan d’action sur {T}",
    "Appui gouvernemental à {T} dans la région de {C}",
    "Signature d’une entente sur {T}",
    "Le gouvernement du Québec mise sur {T}",
)
RELEASE_TYPES = (("press-release", 70), ("statement", 12), ("media-advisory", 12), ("speech", 6))

#: the topics' vocabulary: (name, broader term's name or None)
TOPICS = (
    ("Économie", None), ("Emploi", "Économie"), ("Entreprises", "Économie"),
    ("Commerce extérieur", "Économie"), ("Finances publiques", "Économie"), ("Tourisme", "Économie"),
    ("Santé", None), ("Hôpitaux", "Santé"), ("Santé publique", "Santé"), ("Aînés", "Santé"),
    ("Éducation", None), ("Écoles", "Éducation"), ("Enseignement supérieur", "Éducation"),
    ("Recherche", "Éducation"),
    ("Environnement", None), ("Climat", "Environnement"), ("Eau", "Environnement"),
    ("Forêts", "Environnement"), ("Énergie", "Environnement"),
    ("Numérique", None), ("Intelligence artificielle", "Numérique"), ("Cybersécurité", "Numérique"),
    ("Culture", None), ("Patrimoine", "Culture"), ("Langue française", "Culture"),
    ("Relations internationales", None), ("Francophonie", "Relations internationales"),
    ("Immigration", "Relations internationales"),
    ("Transports", None), ("Routes", "Transports"), ("Transport collectif", "Transports"),
    ("Régions", None), ("Agriculture", "Régions"), ("Habitation", "Régions"),
    ("Justice", None), ("Sécurité publique", "Justice"),
)  # fmt: skip


def slugify(text: str) -> str:
    """``Université de Montréal`` → ``universite-de-montreal``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = "".join(c if c.isascii() and c.isalnum() else " " for c in ascii_text).split()
    return "-".join(words)


# -- the model of the corpus ----------------------------------------------------------------


@dataclass
class Org:
    id: str
    name: str
    classification: str
    acronym: str | None = None
    relations: list[dict[str, object]] = field(default_factory=list)
    founded: date | None = None

    def in_text(self) -> str:
        """The name as written in running text, with its article."""
        if self.classification in ("ministry", "ministerial-office"):
            return "le " + self.name[0].lower() + self.name[1:]
        if self.name[0] in "AEÉIOUÉ":
            return "l’" + self.name
        feminine = ("Chaire", "Fondation", "Société", "Conseil", "Université")
        return ("la " if self.name.startswith(feminine[:4]) else "le ") + self.name


@dataclass
class Appointment:
    post: str
    organisation: str
    start: date
    end: date | None


@dataclass
class Person:
    id: str
    name: str
    sort_name: str
    woman: bool
    appointments: list[Appointment] = field(default_factory=list)

    def post_on(self, day: date) -> Appointment | None:
        for appointment in self.appointments:
            if appointment.start <= day and (appointment.end is None or day <= appointment.end):
                return appointment
        return None


@dataclass
class Agreement:
    id: str
    name: str
    type: str
    parties: list[str]
    signatories: list[str]
    signed: date
    creates: list[str]


@dataclass
class Release:
    id: str
    year: int
    title: str
    front: dict[str, object]
    #: the body's parts, in MyST with the archive's roles
    paragraphs: list[str]
    #: (person id, person's name, post, words) of each quote
    quotes: list[tuple[str, str, str, str]]
    #: Markdown list lines
    highlights: list[str]
    related: str

    def body(self) -> str:
        """The body with the archive's directives."""
        quotes = "\n\n".join(
            f":::{{quote}}\n:person: {ident}\n:post: {post}\n\n{words}\n:::"
            for ident, _name, post, words in self.quotes
        )
        return "\n\n".join(
            [
                *self.paragraphs,
                f"::::{{citations}}\n\n{quotes}\n\n::::",
                "::::{highlights}\n\n" + "\n".join(self.highlights) + "\n\n::::",
                f"::::{{related-links}}\n\n{self.related}\n\n::::",
            ]
        )

    def plain_body(self) -> str:
        """The same body in plain MyST: roles as their text, sections as headings."""
        quotes = "\n\n".join(f"> {words}\n>\n> — {name}, {post}" for _id, name, post, words in self.quotes)
        text = "\n\n".join(
            [
                *self.paragraphs,
                f"## Citations\n\n{quotes}",
                "## Faits saillants\n\n" + "\n".join(self.highlights),
                f"## Liens connexes\n\n{self.related}",
            ]
        )
        return ROLE.sub(r"\1", text)


#: a mention through one of the archive's roles; group 1 is its text
ROLE = re.compile(r"\{(?:person|org|agreement|release)\}`([^`<]*?) <[^`>]*>`")


def mention(kind: str, text: str, ident: str) -> str:
    return f"{{{kind}}}`{text} <{ident}>`"


class Corpus:
    """N releases and the authority records they mention, drawn from one seed."""

    def __init__(self, records: int, seed: int = 1) -> None:
        self.records = records
        self.seed = seed
        self.random = random.Random(seed)
        self.orgs: dict[str, Org] = {}
        self.people: dict[str, Person] = {}
        self.agreements: dict[str, Agreement] = {}
        self.releases: list[Release] = []
        # Small corpora (for tests) cover a few years and ministries; from
        # 1,000 records on, 26 years and 20 ministries: only the number of
        # records per year and of other entities grows with the archive.
        self.first_year = LAST_YEAR - max(2, min(MAX_YEARS, records // 40 + 1)) + 1
        self.ministry_count = max(3, min(len(MINISTRIES), records // 15))
        self._names: set[str] = set()
        self._ids: set[str] = set()
        self.make_orgs()
        self.make_people()
        self.make_agreements()
        # Topics from a generator of their own: the rest of the corpus is what it was without them.
        self.topic_random = random.Random(seed * 7919 + 1)
        self.topics = {
            slugify(name): (name, slugify(broader) if broader else None) for name, broader in TOPICS
        }
        for _ in range(records):
            self.releases.append(self.make_release())
        self.releases.sort(key=lambda r: r.id)

    # -- authority records --------------------------------------------------------------

    def add_org(self, org: Org) -> Org:
        self.orgs[org.id] = org
        return org

    def make_orgs(self) -> None:
        rnd = self.random
        self.government = self.add_org(
            Org("gouvernement-du-quebec", "Gouvernement du Québec", "government", founded=date(1867, 7, 1))
        )
        for name, ident in GOVERNMENTS:
            self.add_org(Org(ident, name, "government"))
        self.ministries: list[Org] = []
        self.cabinets: dict[str, Org] = {}
        for name, acronym in MINISTRIES[: self.ministry_count]:
            ministry = self.add_org(
                Org(
                    slugify(f"ministere {name}"),
                    f"Ministère {name}",
                    "ministry",
                    acronym=acronym,
                    relations=[{"type": "part-of", "target": self.government.id}],
                )
            )
            self.ministries.append(ministry)
            cabinet = self.add_org(
                Org(
                    f"cabinet-{ministry.id}",
                    f"Cabinet du ministre {name}",
                    "ministerial-office",
                    relations=[{"type": "part-of", "target": ministry.id}],
                )
            )
            self.cabinets[ministry.id] = cabinet
        self.internationals = [
            self.add_org(Org(slugify(acronym), name, kind, acronym=acronym))
            for name, acronym, kind in INTERNATIONAL
        ]
        # Research and civil society scale with the archive, as in real ones.
        extra = max(6, self.records // 25)
        self.universities: list[Org] = []
        self.others: list[Org] = []
        for index in range(extra):
            city = CITIES[index % len(CITIES)]
            kind = index % 4
            if kind == 0:
                name = f"Université de {city}" if index < len(CITIES) else f"Université de {city} ({index})"
                org = self.add_org(
                    Org(slugify(name), name, "university", founded=date(1900 + index % 120, 1, 1))
                )
                self.universities.append(org)
            elif kind == 1 and self.universities:
                host = rnd.choice(self.universities)
                name = f"Chaire de recherche sur {rnd.choice(THEMES)} ({host.name}, {index})"
                org = self.add_org(
                    Org(
                        slugify(f"chaire {index} {host.id}"),
                        name,
                        "research-chair",
                        relations=[{"type": "hosted-by", "target": host.id}],
                    )
                )
            elif kind == 2:
                name = f"Fondation {FOUNDATION_NAMES[index % len(FOUNDATION_NAMES)]} ({index})"
                org = self.add_org(Org(slugify(name), name, "foundation"))
            else:
                ministry = rnd.choice(self.ministries)
                name = f"Société de développement de {rnd.choice(THEMES)} ({index})"
                start = date(rnd.randint(self.first_year - 10, LAST_YEAR - 5), 1, 1)
                org = self.add_org(
                    Org(
                        slugify(f"societe {index}"),
                        name,
                        "government-agency",
                        relations=[
                            {"type": "part-of", "target": ministry.id, "start": start},
                            {"type": "member-of", "target": rnd.choice(self.internationals).id},
                        ],
                    )
                )
            self.others.append(org)
        self.mentionable = [*self.ministries, *self.internationals, *self.others]

    def person(self, woman: bool) -> Person:
        rnd = self.random
        while True:
            first = rnd.choice(WOMEN if woman else MEN)
            last = rnd.choice(SURNAMES)
            name = f"{first} {last}"
            if name in self._names:
                # Namesakes exist; the archive tells them apart by id.
                name = f"{first} {rnd.choice(SURNAMES)}-{last}"
            if name not in self._names:
                break
        self._names.add(name)
        return Person(slugify(name), name, f"{last}, {first}", woman)

    def make_people(self) -> None:
        """Ministers succeed each other in each ministry; others hold one post."""
        rnd = self.random
        for ministry, (name, _acronym) in zip(self.ministries, MINISTRIES, strict=False):
            year = self.first_year
            while year <= LAST_YEAR:
                tenure = rnd.randint(1, 6)
                minister = self.person(rnd.random() < 0.5)
                last = year + tenure - 1
                title = f"ministre {name}"
                minister.appointments.append(
                    Appointment(
                        title,
                        ministry.id,
                        date(year, 1, 1),
                        None if last >= LAST_YEAR else date(last, 12, 31),
                    )
                )
                attache = self.person(rnd.random() < 0.5)
                attache.appointments.append(
                    Appointment(
                        "attaché de presse" if not attache.woman else "attachée de presse",
                        self.cabinets[ministry.id].id,
                        date(year, 1, 1),
                        None if last >= LAST_YEAR else date(last, 12, 31),
                    )
                )
                for person in (minister, attache):
                    self.people[person.id] = person
                year = last + 1
        for _ in range(max(4, self.records // 40)):
            person = self.person(rnd.random() < 0.5)
            org = rnd.choice(self.others)
            start = rnd.randint(self.first_year, LAST_YEAR)
            end = min(LAST_YEAR, start + rnd.randint(1, 10))
            post = {
                "university": "recteur" if not person.woman else "rectrice",
                "research-chair": "titulaire",
                "foundation": "président-directeur général"
                if not person.woman
                else "présidente-directrice générale",
            }.get(org.classification, "directeur général" if not person.woman else "directrice générale")
            person.appointments.append(
                Appointment(post, org.id, date(start, 1, 1), None if end >= LAST_YEAR else date(end, 12, 31))
            )
            self.people[person.id] = person
        self.by_year: dict[int, list[Person]] = {}
        for person in sorted(self.people.values(), key=lambda p: p.id):
            for appointment in person.appointments:
                last = appointment.end.year if appointment.end else LAST_YEAR
                for year in range(appointment.start.year, last + 1):
                    self.by_year.setdefault(year, []).append(person)

    def make_agreements(self) -> None:
        rnd = self.random
        for index in range(max(3, self.records // 50)):
            kind = rnd.choice(("entente", "accord", "protocole-d-entente"))
            parties = rnd.sample([self.government, *self.universities, *self.internationals], 2)
            signed = date(rnd.randint(self.first_year, LAST_YEAR), rnd.randint(1, 12), rnd.randint(1, 28))
            signatories = [p.id for p in rnd.sample(self.by_year[signed.year], 2)]
            creates: list[str] = []
            if rnd.random() < 0.3 and self.universities:
                host = rnd.choice(self.universities)
                chair = self.add_org(
                    Org(
                        f"chaire-entente-{index}",
                        f"Chaire internationale sur {rnd.choice(THEMES)} ({index})",
                        "research-chair",
                        relations=[{"type": "hosted-by", "target": host.id}],
                    )
                )
                creates.append(chair.id)
            label = {"entente": "Entente", "accord": "Accord", "protocole-d-entente": "Protocole d’entente"}[
                kind
            ]
            name = f"{label} {' – '.join(self.orgs[p].name for p in (x.id for x in parties))} ({signed.year})"
            ident = slugify(f"{kind} {index} {parties[0].id}")[:100].rstrip("-")
            self.agreements[ident] = Agreement(
                ident, name, kind, [p.id for p in parties], signatories, signed, creates
            )

    # -- releases --------------------------------------------------------------------

    def make_release(self, issued: date | None = None) -> Release:
        rnd = self.random
        if issued is None:
            issued = date(self.first_year, 1, 1) + timedelta(
                days=rnd.randrange((date(LAST_YEAR, 12, 31) - date(self.first_year, 1, 1)).days + 1)
            )
        active = self.by_year[issued.year]
        ministers = [p for p in active if "ministre" in p.appointments[0].post and p.post_on(issued)]
        speaker = rnd.choice(ministers)
        appointment = speaker.post_on(issued)
        assert appointment is not None
        ministry = self.orgs[appointment.organisation]
        cabinet = self.cabinets[ministry.id]
        others = rnd.sample(self.mentionable, 4)
        agreement = rnd.choice(list(self.agreements.values()))
        theme, city, amount = rnd.choice(THEMES), rnd.choice(CITIES), rnd.choice(AMOUNTS)
        people = [p for p in active if p.post_on(issued) and p is not speaker]
        guest = rnd.choice(people)

        def who(person: Person) -> str:
            held = person.post_on(issued)
            assert held is not None
            title = "Mme" if person.woman else "M."
            article = "la" if person.woman else "le"
            return f"{article} {held.post}, {title} {mention('person', person.name, person.id)},"

        orgs = itertools.cycle([ministry, *others])

        def fill(template: str) -> str:
            text = template
            while "{O}" in text:
                org = next(orgs)
                text = text.replace("{O}", mention("org", org.in_text(), org.id), 1)
            text = text.replace("{P}", who(rnd.choice((speaker, guest))), 1)
            text = text.replace("{P}", mention("person", speaker.name, speaker.id))
            article = "le " if agreement.type == "protocole-d-entente" else "l’"
            named = article + agreement.name[0].lower() + agreement.name[1:]
            text = text.replace("{A}", mention("agreement", named, agreement.id))
            return text.replace("{T}", theme).replace("{C}", city).replace("{M}", amount)

        def capital(text: str) -> str:
            return text[0].upper() + text[1:]

        paragraphs = [capital(fill(rnd.choice(OPENINGS)))]
        for _ in range(rnd.randint(2, 4)):
            paragraphs.append(" ".join(capital(fill(s)) for s in rnd.sample(SENTENCES, rnd.randint(3, 5))))
        quotes = []
        for person in [speaker, guest][: rnd.randint(1, 2)]:
            held = person.post_on(issued)
            assert held is not None
            quotes.append((person.id, person.name, held.post, fill(rnd.choice(QUOTES))))
        highlights = [f"- {capital(fill(h))}" for h in rnd.sample(HIGHLIGHTS, rnd.randint(3, 5))]
        if rnd.random() < 0.3:
            highlights.append("- Le programme comprend trois volets :")
            highlights += ["  - la recherche ;", "  - la formation ;", "  - le transfert."]
        related = (
            "Pour en savoir plus sur les activités du "
            f"{mention('org', ministry.in_text()[3:], ministry.id)}, consultez "
            f"[le site du ministère](https://www.quebec.ca/gouvernement/ministere/{ministry.id})."
        )
        title = capital(rnd.choice(TITLES).replace("{T}", theme).replace("{C}", city).replace("{M}", amount))
        words = slugify(title).split("-")[:8]
        while len(words[-1]) <= 2:
            words.pop()
        slug = "-".join(words)
        ident = f"{issued.isoformat()}-{slug}"
        while ident in self._ids:
            ident = f"{issued.isoformat()}-{slug}-{rnd.randint(2, 999)}"
        self._ids.add(ident)
        issuers = [self.government.id, cabinet.id]
        kind = rnd.choices([t for t, _ in RELEASE_TYPES], [w for _, w in RELEASE_TYPES])[0]
        front: dict[str, object] = {
            "id": ident,
            "type": kind,
            "title": title,
        }
        if rnd.random() < 0.4:
            front["subtitle"] = f"Une annonce de {speaker.name} à {city}"
        front |= {
            "issued": issued,
            "place": city if rnd.random() < 0.5 else "Québec",
            "language": "fr",
            "issuers": issuers,
            "letterhead": [{"issuer": cabinet.id, "lines": ["Gouvernement du Québec", cabinet.name]}],
            "distribution": "immediate",
        }
        status = rnd.choices(("published", "corrected", "withdrawn"), (94, 5, 1))[0]
        front["status"] = status
        front["source"] = {
            "url": f"https://www.quebec.ca/nouvelles/actualites/details/{slug}",
            "retrieved": min(date(LAST_YEAR, 12, 31), issued + timedelta(days=rnd.randint(1, 400))),
        }
        if status != "published":
            front["revisions"] = [
                {
                    "date": issued + timedelta(days=rnd.randint(1, 30)),
                    "note": "Correction du montant annoncé.",
                }
            ]
        attache = next(
            (p for p in active if p.post_on(issued) and p.post_on(issued).organisation == cabinet.id),  # type: ignore[union-attr]
            None,
        )
        source_entry: dict[str, object] = {
            "post": "Attaché de presse",
            "organisation": cabinet.name,
            "phone": f"418 {rnd.randint(200, 999)}-{rnd.randint(1000, 9999)}",
        }
        if attache is not None:
            # The post as recorded (attachée for a woman): a contact's post is checked against it.
            held = attache.post_on(issued)
            assert held is not None
            source_entry = {"name": attache.name, "person": attache.id, **source_entry}
            source_entry["post"] = held.post[0].upper() + held.post[1:]
        front["end_mark"] = "- 30 -"
        front["contacts"] = [
            {"role": "source", "entries": [source_entry]},
            {
                "role": "information",
                "entries": [
                    {
                        "unit": "Direction des communications",
                        "organisation": ministry.name,
                        "phone": f"418 {rnd.randint(200, 999)}-{rnd.randint(1000, 9999)}",
                        "email": f"communications@{(ministry.acronym or 'gouv').lower()}.gouv.qc.ca",
                    }
                ],
            },
        ]
        # One to four topics, the first ones most often (a few subjects dominate any newsroom).
        weights = [1 / (rank + 1) for rank in range(len(self.topics))]
        chosen = self.topic_random.choices(list(self.topics), weights, k=self.topic_random.randint(1, 4))
        front["topics"] = list(dict.fromkeys(chosen))
        return Release(ident, issued.year, title, front, paragraphs, quotes, highlights, related)

    def years(self) -> list[int]:
        return sorted({r.year for r in self.releases})

    # -- writing ---------------------------------------------------------------------

    def write(self, out: Path, *, plain: bool = False) -> None:
        """Write the source tree into *out* (emptied first)."""
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        writer = PlainWriter(out) if plain else Writer(out)
        writer.home()
        writer.years(self)
        for release in self.releases:
            writer.release(release)
        for kind, folder, title, intro, items in (
            ("person", "people", "Personnes", "Les personnes nommées dans les communiqués.", self.people),
            (
                "org",
                "organisations",
                "Organisations",
                "Les organisations nommées dans les communiqués.",
                self.orgs,
            ),
            (
                "agreement",
                "agreements",
                "Ententes",
                "Les ententes mentionnées dans les communiqués.",
                self.agreements,
            ),
        ):
            writer.kind_index(kind, folder, title, intro, items)
        for person in self.people.values():
            writer.entity("people", person.id, person.name, person_matter(person), person_prose(person))
        for org in self.orgs.values():
            writer.entity(
                "organisations", org.id, org.name, org_matter(org), f"{org.name} : notice d’autorité."
            )
        for agreement in self.agreements.values():
            writer.entity(
                "agreements", agreement.id, agreement.name, agreement_matter(agreement), f"{agreement.name}."
            )
        topics = {ident: TopicName(name) for ident, (name, _) in self.topics.items()}
        writer.kind_index("topic", "topics", "Sujets", "Les sujets des communiqués.", topics)
        for ident, (name, broader) in self.topics.items():
            matter: dict[str, object] = {"id": ident, "name": name}
            if broader:
                matter["broader"] = [broader]
            writer.entity("topics", ident, name, matter, f"{name} : terme du vocabulaire.")
        if plain:
            (out / "conf.py").write_text(PLAIN_CONF, encoding="utf-8")

    def extra_release(self) -> Release:
        """One more release, on the last day of the last year (the benchmark adds it)."""
        return self.make_release(date(LAST_YEAR, 12, 31))


@dataclass(frozen=True)
class TopicName:
    """A topic as the kinds' index pages list it."""

    name: str


def person_matter(person: Person) -> dict[str, object]:
    appointments = []
    for a in person.appointments:
        item: dict[str, object] = {"post": a.post, "organisation": a.organisation, "start": a.start}
        if a.end is not None:
            item["end"] = a.end
        appointments.append(item)
    return {"id": person.id, "name": person.name, "sort_name": person.sort_name, "appointments": appointments}


def person_prose(person: Person) -> str:
    first = person.appointments[0]
    return f"{person.name} a été {first.post} à partir de {first.start.year}."


def org_matter(org: Org) -> dict[str, object]:
    matter: dict[str, object] = {"id": org.id, "name": org.name}
    if org.acronym:
        matter["acronym"] = org.acronym
    matter["classification"] = org.classification
    if org.founded:
        matter["founded"] = org.founded
    if org.relations:
        matter["relations"] = org.relations
    return matter


def agreement_matter(agreement: Agreement) -> dict[str, object]:
    matter: dict[str, object] = {
        "id": agreement.id,
        "name": agreement.name,
        "type": agreement.type,
        "parties": [{"org": p} for p in agreement.parties],
        "signatories": agreement.signatories,
        "signed": agreement.signed,
        "duration": "P3Y",
        "status": "in-force",
    }
    if agreement.creates:
        matter["creates"] = agreement.creates
    return matter


def front_matter(data: dict[str, object]) -> str:
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000) + "---\n"


class Writer:
    """Files for the archive with its extension."""

    def __init__(self, out: Path) -> None:
        self.out = out

    def write(self, relative: str, text: str) -> None:
        path = self.out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def home(self) -> None:
        self.write(
            "index.md",
            front_matter({"title": "Communiqués"})
            + "\nArchive synthétique de communiqués, pour mesurer la construction.\n\n"
            "## Derniers communiqués\n\n:::{release-list}\n:latest: 10\n:::\n\n"
            "```{toctree}\n:hidden:\n:maxdepth: 1\n\nreleases/index\npeople/index\n"
            "organisations/index\nagreements/index\ntopics/index\n```\n",
        )
        self.write(
            "releases/index.md",
            front_matter({"title": "Communiqués par année"})
            + "\n```{toctree}\n:glob:\n:reversed:\n:maxdepth: 1\n\n*/index\n```\n",
        )

    def years(self, corpus: Corpus) -> None:
        for year in corpus.years():
            self.year(year, [r for r in corpus.releases if r.year == year])

    def year(self, year: int, releases: list[Release]) -> None:
        self.write(
            f"releases/{year}/index.md",
            front_matter({"title": str(year)}) + f"\n:::{{release-list}}\n:year: {year}\n:::\n",
        )

    def release(self, release: Release) -> None:
        self.write(
            f"releases/{release.year}/{release.id}.md",
            front_matter(release.front) + "\n" + release.body() + "\n",
        )

    def kind_index(self, kind: str, folder: str, title: str, intro: str, items: dict[str, Any]) -> None:
        self.write(
            f"{folder}/index.md",
            front_matter({"title": title}) + f"\n{intro}\n\n:::{{entity-list}}\n:kind: {kind}\n:::\n",
        )

    def entity(self, folder: str, ident: str, name: str, matter: dict[str, object], prose: str) -> None:
        self.write(f"{folder}/{ident}.md", front_matter(matter) + "\n" + prose + "\n")


PLAIN_CONF = '''"""Plain Sphinx + MyST: the benchmark's baseline, without the archive's extension."""

project = "Communiqués"
extensions = ["myst_parser"]
language = "fr"
html_theme = "basic"
myst_title_to_header = True
myst_enable_extensions = ["colon_fence", "deflist"]
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
'''


class PlainWriter(Writer):
    """The same archive for plain Sphinx + MyST (no extension, basic theme)."""

    def home(self) -> None:
        self.write(
            "index.md",
            front_matter({"title": "Communiqués"})
            + "\nArchive synthétique de communiqués, pour mesurer la construction.\n\n"
            "```{toctree}\n:maxdepth: 1\n\nreleases/index\npeople/index\n"
            "organisations/index\nagreements/index\ntopics/index\n```\n",
        )
        self.write(
            "releases/index.md",
            front_matter({"title": "Communiqués par année"})
            + "\n```{toctree}\n:glob:\n:reversed:\n:maxdepth: 1\n\n*/index\n```\n",
        )

    def year(self, year: int, releases: list[Release]) -> None:
        links = "".join(f"- {r.front['issued']} — [{r.title}]({r.id}.md)\n" for r in releases)
        self.write(f"releases/{year}/index.md", front_matter({"title": str(year)}) + f"\n# {year}\n\n{links}")

    def release(self, release: Release) -> None:
        matter = {"orphan": True, **release.front}
        self.write(
            f"releases/{release.year}/{release.id}.md",
            front_matter(matter) + f"\n# {release.title}\n\n" + release.plain_body() + "\n",
        )

    def kind_index(self, kind: str, folder: str, title: str, intro: str, items: dict[str, Any]) -> None:
        links = "".join(f"- [{item.name}]({ident}.md)\n" for ident, item in sorted(items.items()))
        self.write(
            f"{folder}/index.md", front_matter({"title": title}) + f"\n# {title}\n\n{intro}\n\n{links}"
        )

    def entity(self, folder: str, ident: str, name: str, matter: dict[str, object], prose: str) -> None:
        self.write(
            f"{folder}/{ident}.md", front_matter({"orphan": True, **matter}) + f"\n# {name}\n\n{prose}\n"
        )


def parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(
        prog="python -m tests.bench.corpus",
        description="Write a synthetic archive of N French press releases (deterministic for a seed).",
    )
    cli.add_argument("--records", type=int, default=300, help="number of releases (default: %(default)s)")
    cli.add_argument(
        "--seed", type=int, default=1, help="seed of the random generator (default: %(default)s)"
    )
    cli.add_argument(
        "--out", type=Path, required=True, help="folder to write the sources into (emptied first)"
    )
    cli.add_argument(
        "--plain",
        action="store_true",
        help="write the baseline for plain Sphinx + MyST (no extension, with its own conf.py)",
    )
    return cli


def main(argv: list[str] | None = None) -> int:
    options = parser().parse_args(argv)
    corpus = Corpus(options.records, options.seed)
    corpus.write(options.out, plain=options.plain)
    sys.stdout.write(
        f"{options.out}: {len(corpus.releases)} releases over {len(corpus.years())} years, "
        f"{len(corpus.people)} people, {len(corpus.orgs)} organisations, "
        f"{len(corpus.agreements)} agreements\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
