"""A realistic, reproducible data set at network scale, for the benchmarks (bench/).

`generate(scale, seed)` writes, at scale 1, ten years (2016-2025) of a network's records:
100,000 entrepreneurs, 400,000 encounters, 500 cooperatives with their memberships,
20,000 events, 600,000 attendances, 5,000 meetings (no more at larger scales),
organisations and grants. The same
scale and seed give the same rows. Every name, e-mail and phone number is invented.

Rows are plain dicts keyed by attname with explicit ids (so relations can be drawn
without reading back), streamed to PostgreSQL with COPY in batches, or to any other
database with bulk_create; columns a row leaves out take the field's default, so a field
added later with a default needs no change here.
"""

import bisect
import csv
import datetime
import io
import json
import random
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice

from django.core.management.color import no_style
from django.db import connections, models, transaction
from django.db.models import Max

from cooperatives.models import Cooperative, Membership, Programme
from entrepreneurs.models import Encounter, Entrepreneur, Gender, Sector, SkillLevel
from events.models import Attendance, Event, Session
from funding.models import GrantAgreement
from governance.models import Format, Meeting, Organisation

FIRST_DAY = datetime.date(2016, 1, 1)
LAST_DAY = datetime.date(2025, 12, 31)
DAYS = (LAST_DAY - FIRST_DAY).days + 1
BATCH_ROWS = 20_000
# Rows at scale 1.
BASE = {
    "organisations": 200,
    "entrepreneurs": 100_000,
    "encounters": 400_000,
    "cooperatives": 500,
    "events": 20_000,
    "attendances": 600_000,
    "meetings": 5_000,
    "grants": 300,
}
# Rows that do not grow past scale 1: one association holds its own meetings however
# large its network (and each kind of meeting has one per day at most: at scale 3, 6,000
# board meetings would not fit in ten years).
CEILING = {"meetings": 5_000}
MEMBERS_PER_COOPERATIVE = (7, 11)
# People are met again within two years of their first contact.
FOLLOW_UP_DAYS = 730
PROGRAMMES = ["Migracoop", "Coopératives éphémères", "Entreprendre au féminin", "Tremplin"]

FIRST_NAMES = (
    "Aminata", "Fatoumata", "Mariam", "Awa", "Khadija", "Fatima", "Amina", "Nadia", "Samira",
    "Leila", "Aïcha", "Mariama", "Hawa", "Kadiatou", "Binta", "Yasmina", "Soraya", "Rokia",
    "Nafissatou", "Olga", "Tatiana", "Ana", "Maria", "Lucia", "Rosa", "Carmen", "Mei", "Lin",
    "Priya", "Anjali", "Zainab", "Halima", "Salimata", "Djeneba", "Assia", "Mohamed", "Ali",
    "Ibrahima", "Moussa", "Oumar", "Samuel", "Joseph", "Daniel", "Karim", "Youssef"
)  # fmt: skip
LAST_NAMES = (
    "Diallo", "Traoré", "Koné", "Camara", "Diop", "Ndiaye", "Sow", "Bah", "Keita", "Touré",
    "Cissé", "Coulibaly", "Sylla", "Benali", "Haddad", "Mansouri", "Rahmani", "Nguyen", "Tran",
    "Pereira", "Silva", "Santos", "Rodriguez", "Lopez", "Ivanova", "Petrova", "Popescu", "Kaur",
    "Singh", "Begum", "Hossain", "Mensah", "Owusu", "Okafor", "Abebe", "Tesfaye"
)  # fmt: skip
COUNTRIES = (
    ("SN", 14), ("ML", 12), ("CI", 10), ("GN", 9), ("MA", 8), ("DZ", 8), ("TN", 5),
    ("CM", 5), ("CD", 4), ("CG", 3), ("MG", 3), ("HT", 3), ("CO", 2), ("PE", 2), ("BR", 2),
    ("RO", 2), ("UA", 2), ("AF", 2), ("SY", 2), ("ER", 2), ("ET", 1), ("VN", 1), ("CN", 1),
    ("BD", 1), ("LK", 1), ("", 3),
)  # fmt: skip
PROJECT_KINDS = (
    "Retouche / confection", "Marque artisanale", "Traiteur", "Restauration rapide",
    "Coiffure afro", "Esthétique", "Bijoux", "Épicerie fine", "Cosmétiques naturels",
    "Maroquinerie", "Service à la personne", "Ménage", "Couture sur mesure", "Pâtisserie",
    "",
)  # fmt: skip
CITIES = (
    "Paris", "Montreuil", "Saint-Denis", "Aubervilliers", "Lyon", "Marseille", "Lille",
    "Toulouse", "Nantes", "Bordeaux", "Grenoble", "Rennes", "Strasbourg", "Nice", "Rouen"
)  # fmt: skip
EVENT_THEMES = (
    "comptabilité", "prix de vente", "réseaux sociaux", "photo produit", "statut juridique",
    "marché de Noël", "vente éphémère", "prise de parole", "français professionnel",
    "hygiène alimentaire", "gestion de stock", "banque et micro-crédit",
)  # fmt: skip


def _weighted(pairs) -> tuple[list, list[int]]:
    return [value for value, _weight in pairs], [weight for _value, weight in pairs]


GENDERS = _weighted(
    [(Gender.FEMALE, 72), (Gender.MALE, 18), (Gender.OTHER, 2), (Gender.UNDISCLOSED, 8)]
)
SECTORS = _weighted(
    [
        (Sector.TEXTILE, 30),
        (Sector.FOOD, 30),
        (Sector.BEAUTY, 15),
        (Sector.CRAFTS, 10),
        (Sector.SERVICES, 10),
        (Sector.OTHER, 3),
        ("", 2),
    ]
)
SKILLS = _weighted(
    [
        (SkillLevel.BEGINNER, 30),
        (SkillLevel.INTERMEDIATE, 35),
        (SkillLevel.PROFESSIONAL, 25),
        ("", 10),
    ]
)
FOLLOW_UP_KINDS = _weighted(
    [
        (Encounter.Kind.INDIVIDUAL_INTERVIEW, 45),
        (Encounter.Kind.FOLLOW_UP, 40),
        (Encounter.Kind.ORIENTATION, 15),
    ]
)
EVENT_KINDS = _weighted(
    [
        (Event.Kind.WORKSHOP, 35),
        (Event.Kind.TRAINING, 20),
        (Event.Kind.COMMERCIAL, 10),
        (Event.Kind.CONVIVIAL, 10),
        (Event.Kind.COLLECTIVE_MEETING, 15),
        (Event.Kind.EXTERNAL_TALK, 5),
        (Event.Kind.OTHER, 5),
    ]
)
FORMATS = _weighted([(Format.IN_PERSON, 70), (Format.ONLINE, 20), (Format.HYBRID, 10)])
MEETING_KINDS = _weighted(
    [
        (Meeting.Kind.BOARD, 40),
        (Meeting.Kind.PARTNER, 35),
        (Meeting.Kind.SEMINAR, 15),
        (Meeting.Kind.GENERAL_ASSEMBLY, 10),
    ]
)
ORGANISATION_KINDS = _weighted(
    [
        (Organisation.Kind.ASSOCIATION, 40),
        (Organisation.Kind.FOUNDATION, 10),
        (Organisation.Kind.PUBLIC_BODY, 20),
        (Organisation.Kind.COOPERATIVE, 20),
        (Organisation.Kind.COMPANY, 10),
    ]
)
GRANT_STATUSES = _weighted(
    [
        (GrantAgreement.Status.CLOSED, 50),
        (GrantAgreement.Status.AWARDED, 25),
        (GrantAgreement.Status.REQUESTED, 10),
        (GrantAgreement.Status.REFUSED, 15),
    ]
)


class BenchDataError(ValueError):
    """A scale the data set cannot honour (e.g. more meetings than free dates)."""


@dataclass
class GenerationReport:
    scale: float
    seed: int
    counts: dict[str, int] = field(default_factory=dict)


def counts_for(scale: float) -> dict[str, int]:
    """Rows of each kind at `scale` (at least one of each, at most `CEILING`)."""
    if not scale > 0:
        raise BenchDataError(f"--scale must be a positive number, got {scale!r}")
    counts = {name: max(1, round(base * scale)) for name, base in BASE.items()}
    return {name: min(n, CEILING.get(name, n)) for name, n in counts.items()}


def _ascii(text: str) -> str:
    """E-mail addresses without accents (Aïcha -> Aicha)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def day(offset: int) -> datetime.date:
    return FIRST_DAY + datetime.timedelta(days=offset)


def growing_offset(rng: random.Random, until: int = DAYS) -> int:
    """A day offset in [0, until), later days likelier: the network grows over the years."""
    return min(until - 1, int(until * rng.random() ** 0.7))


# Database writers -----------------------------------------------------------------------


def _fixed_values(model: type[models.Model], given: set[str]) -> dict[str, object]:
    """Values for the concrete columns the rows leave out: the field's default, or None."""
    values = {}
    for f in model._meta.concrete_fields:
        if f.attname in given:
            continue
        if f.has_default():
            values[f.attname] = f.get_default()
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            values[f.attname] = datetime.datetime.now(datetime.UTC)
        elif f.null or f.blank:
            values[f.attname] = None if f.null else ""
        else:
            raise BenchDataError(f"{model.__name__}.{f.name}: no value generated and no default")
    return values


def _copy_text(value: object) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


class Writer:
    """Streams rows (dicts keyed by attname, ids included) into their tables."""

    def __init__(self, using: str = "default") -> None:
        self.using = using
        self.connection = connections[using]
        self.models: list[type[models.Model]] = []

    def write(self, model: type[models.Model], rows: Iterable[dict]) -> int:
        self.models.append(model)
        rows = iter(rows)
        total = 0
        while batch := list(islice(rows, BATCH_ROWS)):
            if self.connection.vendor == "postgresql":
                self._copy(model, batch)
            else:
                model._base_manager.using(self.using).bulk_create(model(**r) for r in batch)
            total += len(batch)
        return total

    def _copy(self, model: type[models.Model], batch: list[dict]) -> None:
        fixed = _fixed_values(model, set(batch[0]))
        fields = [f for f in model._meta.concrete_fields]
        fixed_text = {
            name: _copy_text(
                json.dumps(fixed[name])
                if isinstance(f, models.JSONField)
                else f.get_db_prep_save(fixed[name], self.connection)
            )
            for f in fields
            if (name := f.attname) in fixed
        }
        buffer = io.StringIO()
        out = csv.writer(buffer, lineterminator="\n")
        for row in batch:
            out.writerow(
                [
                    fixed_text[f.attname] if f.attname in fixed_text else _copy_text(row[f.attname])
                    for f in fields
                ]
            )
        buffer.seek(0)
        columns = ", ".join(self.connection.ops.quote_name(f.column) for f in fields)
        table = self.connection.ops.quote_name(model._meta.db_table)
        with self.connection.cursor() as cursor:
            cursor.cursor.copy_expert(
                f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer
            )

    def finish(self) -> None:
        """Move the id sequences past the explicit ids."""
        statements = self.connection.ops.sequence_reset_sql(no_style(), self.models)
        with self.connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    def vacuum(self) -> None:
        """Refresh planner statistics and the visibility map, as autovacuum would later:
        index-only scans need it. VACUUM cannot run in a transaction (tests): ANALYZE."""
        if self.connection.vendor != "postgresql":
            return
        command = "ANALYZE" if self.connection.in_atomic_block else "VACUUM (ANALYZE)"
        with self.connection.cursor() as cursor:
            for model in self.models:
                table = self.connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"{command} {table}")


# Generation --------------------------------------------------------------------------------


@dataclass
class Start:
    """Where the appended rows start: the next free id of each model, reference number of
    each prefix, and a tag keeping unique names unique across runs."""

    ids: dict[type[models.Model], int]
    refs: dict[type[models.Model], int]
    tag: str


def _start(using: str, seed: int) -> Start:
    ids, refs = {}, {}
    for model in (*FLUSHED, Organisation):
        ids[model] = (model._base_manager.using(using).aggregate(m=Max("pk"))["m"] or 0) + 1
    for model in (Entrepreneur, Cooperative, Event, GrantAgreement):
        pattern = re.compile(rf"^{model.REFERENCE_PREFIX}-(\d+)$")
        numbers = (
            int(m.group(1))
            for ref in model._base_manager.using(using).values_list("reference", flat=True)
            if (m := pattern.match(ref))
        )
        refs[model] = max(numbers, default=0) + 1
    tag = "" if ids[Organisation] == 1 else f" ({seed}-{ids[Organisation]})"
    return Start(ids, refs, tag)


class Generator:
    def __init__(self, scale: float, seed: int, start: Start, using: str) -> None:
        self.counts = counts_for(scale)
        self.rng = random.Random(seed)
        self.start = start
        self.using = using

    def ids(self, model: type[models.Model], n: int) -> range:
        return range(self.start.ids[model], self.start.ids[model] + n)

    def organisations(self) -> Iterator[dict]:
        rng = self.rng
        kinds = rng.choices(*ORGANISATION_KINDS, k=self.counts["organisations"])
        self.organisation_ids = list(self.ids(Organisation, len(kinds)))
        self.hosts = [
            i for i, k in zip(self.organisation_ids, kinds, strict=True) if k == "cooperative"
        ]
        self.hosts = self.hosts or self.organisation_ids
        funders = {"foundation", "public_body"}
        self.funders = [
            i for i, k in zip(self.organisation_ids, kinds, strict=True) if k in funders
        ]
        self.funders = self.funders or self.organisation_ids
        for n, (pk, kind) in enumerate(zip(self.organisation_ids, kinds, strict=True), 1):
            label = Organisation.Kind(kind).label
            name = f"{label} {rng.choice(CITIES)} {n:04d}{self.start.tag}"
            yield {"id": pk, "name": name, "kind": kind, "website": "", "notes": ""}

    def programmes(self) -> list[int]:
        manager = Programme._base_manager.using(self.using)
        return [
            manager.get_or_create(name=name, defaults={"start_year": 2016})[0].pk
            for name in PROGRAMMES
        ]

    def entrepreneurs(self) -> Iterator[dict]:
        """People sorted by first contact, so those known at a date are a prefix."""
        rng, n = self.rng, self.counts["entrepreneurs"]
        self.first_contact = sorted(growing_offset(rng, DAYS - 60) for _ in range(n))
        self.entrepreneur_ids = list(self.ids(Entrepreneur, n))
        number = self.start.refs[Entrepreneur]
        genders = rng.choices(*GENDERS, k=n)
        sectors = rng.choices(*SECTORS, k=n)
        skills = rng.choices(*SKILLS, k=n)
        countries = rng.choices(*_weighted(COUNTRIES), k=n)
        for i, pk in enumerate(self.entrepreneur_ids):
            first_name, last_name = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            met = day(self.first_contact[i])
            birth = rng.randint(1958, 2004) if rng.random() < 0.9 else None
            arrival = None
            if rng.random() < 0.85:
                arrival = rng.randint(max(birth or 1990, 1990), 2025)
            created = datetime.datetime.combine(met, datetime.time(9 + i % 9), datetime.UTC)
            yield {
                "id": pk,
                "reference": f"{Entrepreneur.REFERENCE_PREFIX}-{number + i:06d}",
                "first_name": first_name,
                "last_name": last_name,
                "gender": genders[i],
                "birth_year": birth,
                "country_of_origin": countries[i],
                "arrival_year": arrival,
                "email": _ascii(f"{first_name}.{last_name}.{number + i}@example.invalid").lower(),
                "phone": f"06 {rng.randint(10, 99)} {rng.randint(10, 99)} {number + i:06d}"[:30],
                "sector": sectors[i],
                "project_kind": rng.choice(PROJECT_KINDS),
                "skill_level": skills[i],
                "informal_activity": rng.choice((True, False, None)),
                "referred_by_id": self._maybe(self.organisation_ids, 0.6),
                "consent_date": met if rng.random() < 0.95 else None,
                "consent_scope": "suivi, statistiques anonymes",
                "notes": "",
                "created_at": created,
                "updated_at": created,
                "version": 1,
                "anonymised_at": None,
            }

    def _maybe(self, choices: list[int], probability: float) -> int | None:
        return self.rng.choice(choices) if choices and self.rng.random() < probability else None

    def encounters(self) -> Iterator[dict]:
        """A first contact for everyone, then follow-ups on distinct days within two years
        (distinct days keep (entrepreneur, date, kind) unique)."""
        rng, n = self.rng, len(self.entrepreneur_ids)
        per_person = [1] * n
        for _ in range(max(0, self.counts["encounters"] - n)):
            per_person[rng.randrange(n)] += 1
        pk = self.start.ids[Encounter]
        for i, person in enumerate(self.entrepreneur_ids):
            first = self.first_contact[i]
            window = min(FOLLOW_UP_DAYS, DAYS - first)
            later = rng.sample(range(1, window), min(per_person[i] - 1, window - 1))
            for k, offset in enumerate([0, *later]):
                kind = "first_contact" if k == 0 else rng.choices(*FOLLOW_UP_KINDS)[0]
                oriented = None
                if kind == "orientation":
                    oriented = self._maybe(self.organisation_ids, 0.8)
                yield {
                    "id": pk,
                    "entrepreneur_id": person,
                    "date": day(first + offset),
                    "kind": kind,
                    "staff_member_id": None,
                    "notes": "",
                    "oriented_towards_id": oriented,
                }
                pk += 1

    def _people_known(self, offset: int, k: int) -> list[int]:
        """k distinct people, preferably first met in the two years up to `offset`."""
        lo = bisect.bisect_left(self.first_contact, offset - FOLLOW_UP_DAYS)
        hi = bisect.bisect_right(self.first_contact, offset + 30)
        if hi - lo < k:
            # Too few known yet (early days, tiny scales): newcomers may come to an event
            # before their first encounter, as in life.
            lo, hi = 0, len(self.first_contact)
        picks = rng_sample(self.rng, range(lo, hi), k)
        return [self.entrepreneur_ids[i] for i in picks]

    def cooperatives(self, programmes: list[int]) -> Iterator[dict]:
        rng, n = self.rng, self.counts["cooperatives"]
        self.cooperative_periods: list[tuple[int, int, int | None, str]] = []
        number = self.start.refs[Cooperative]
        for i, pk in enumerate(self.ids(Cooperative, n)):
            kind = "ephemeral" if rng.random() < 0.9 else "collective"
            start = growing_offset(rng, DAYS - 30)
            length = rng.randint(180, 365) if kind == "ephemeral" else rng.randint(365, 1500)
            end = min(start + length, DAYS - 1) if rng.random() < 0.9 else None
            planned = i % 50 == 49  # a few not started yet: no start date, no members
            branded = not planned and rng.random() < 0.4
            if not planned:
                self.cooperative_periods.append((pk, start, end, kind))
            sector = rng.choices(*SECTORS)[0]
            yield {
                "id": pk,
                "reference": f"{Cooperative.REFERENCE_PREFIX}-{number + i:04d}",
                "name": f"Coopérative {rng.choice(CITIES)} {number + i}",
                "kind": kind,
                "programme_id": rng.choice(programmes) if rng.random() < 0.7 else None,
                "sector": sector,
                "host_id": rng.choice(self.hosts),
                "planned_start": day(max(0, start - rng.randint(0, 60))),
                "start_date": None if planned else day(start),
                "end_date": None if planned or end is None else day(end),
                "postponement_reason": "",
                "workspace_description": "Atelier partagé" if rng.random() < 0.5 else "",
                "workspace_area_m2": Decimal(rng.randint(20, 200)) if rng.random() < 0.5 else None,
                "brand_name": f"Marque {number + i}" if branded else "",
                "brand_created_on": day(rng.randint(start, end if end else DAYS - 1))
                if branded
                else None,
            }

    def memberships(self) -> Iterator[dict]:
        rng, pk = self.rng, self.start.ids[Membership]
        for coop, start, end, _kind in self.cooperative_periods:
            members = self._people_known(start, rng.randint(*MEMBERS_PER_COOPERATIVE))
            last = end if end is not None else min(start + 365, DAYS - 1)
            for person in members:
                joined = start if rng.random() < 0.8 else rng.randint(start, min(start + 30, last))
                left = rng.randint(joined, last) if rng.random() < 0.2 else None
                yield {
                    "id": pk,
                    "cooperative_id": coop,
                    "entrepreneur_id": person,
                    "joined_on": day(joined),
                    "left_on": day(left) if left is not None else None,
                }
                pk += 1

    def events(self, programmes: list[int]) -> Iterator[dict]:
        rng, n = self.rng, self.counts["events"]
        self.event_days: list[tuple[int, int]] = []
        number = self.start.refs[Event]
        kinds = rng.choices(*EVENT_KINDS, k=n)
        self.event_sessions: list[tuple[int, datetime.date, Decimal]] = []
        for i, pk in enumerate(self.ids(Event, n)):
            offset = growing_offset(rng)
            self.event_days.append((pk, offset))
            hours = Decimal(rng.choice((1, 2, 3, 4, 6, 7)))
            self.event_sessions.append((pk, day(offset), hours))
            coop = None
            if kinds[i] == "collective_meeting" and self.cooperative_periods:
                coop = rng.choice(self.cooperative_periods)[0]
            label = Event.Kind(kinds[i]).label
            yield {
                "id": pk,
                "reference": f"{Event.REFERENCE_PREFIX}-{number + i:05d}",
                "title": f"{label} : {rng.choice(EVENT_THEMES)}",
                "kind": kinds[i],
                "date": day(offset),
                "duration_hours": hours,
                "format": rng.choices(*FORMATS)[0],
                "location": rng.choice(CITIES),
                "cooperative_id": coop,
                "programme_id": rng.choice(programmes) if rng.random() < 0.3 else None,
                "description": "",
            }

    def sessions(self) -> Iterator[dict]:
        """One session per event, on its date and of its duration (as events.csv gives)."""
        self.session_of: dict[int, int] = {}
        for pk, (event, date, hours) in zip(
            self.ids(Session, len(self.event_sessions)), self.event_sessions, strict=True
        ):
            self.session_of[event] = pk
            yield {
                "id": pk,
                "event_id": event,
                "date": date,
                "start_time": None,
                "end_time": None,
                "hours": hours,
                "version": 1,
            }

    def attendances(self) -> Iterator[dict]:
        rng, pk = self.rng, self.start.ids[Attendance]
        n_events = len(self.event_days)
        per_event = [0] * n_events
        for _ in range(self.counts["attendances"]):
            per_event[rng.randrange(n_events)] += 1
        for (event, offset), k in zip(self.event_days, per_event, strict=True):
            for person in self._people_known(offset, k):
                status = "attended" if rng.random() < 0.85 else "absent"
                yield {
                    "id": pk,
                    "event_id": event,
                    "session_id": self.session_of[event],
                    "entrepreneur_id": person,
                    "status": status,
                }
                pk += 1

    def meetings(self) -> Iterator[dict]:
        """Distinct dates per kind (unique kind + date), skipping dates already taken."""
        rng, n = self.rng, self.counts["meetings"]
        taken = set(Meeting._base_manager.using(self.using).values_list("kind", "date"))
        kinds, weights = MEETING_KINDS
        wanted = dict.fromkeys(kinds, 0)
        for kind in rng.choices(kinds, weights, k=n):
            wanted[kind] += 1
        pk = self.start.ids[Meeting]
        for kind in kinds:
            free = [o for o in range(DAYS) if (kind, day(o)) not in taken]
            if wanted[kind] > len(free):
                raise BenchDataError(
                    f"meetings: {wanted[kind]} of kind {kind} wanted, only {len(free)} free "
                    "dates in ten years (lower --scale)"
                )
            for offset in sorted(rng.sample(free, wanted[kind])):
                yield {
                    "id": pk,
                    # Bench references cannot meet the app's (AG-0001...): another prefix.
                    "reference": f"BENCH-{pk:07d}",
                    "kind": kind,
                    "date": day(offset),
                    "format": rng.choices(*FORMATS)[0],
                    "title": "",
                    "location": "",
                    "minutes": "",
                    "signed_minutes": "",
                }
                pk += 1

    def grants(self) -> Iterator[dict]:
        """Grant agreements: half over a calendar year, half from 1 July to 30 June."""
        rng, pk = self.rng, self.start.ids[GrantAgreement]
        number = self.start.refs[GrantAgreement]
        for i in range(self.counts["grants"]):
            year = FIRST_DAY.year + rng.randrange(DAYS // 365)
            amount = Decimal(rng.randrange(100_000, 8_000_000)) / 100
            status = rng.choices(*GRANT_STATUSES)[0]
            july = rng.random() < 0.5 and year < LAST_DAY.year
            start = datetime.date(year, 7 if july else 1, 1)
            end = datetime.date(year + 1, 6, 30) if july else datetime.date(year, 12, 31)
            yield {
                "id": pk + i,
                "reference": f"{GrantAgreement.REFERENCE_PREFIX}-{number + i:05d}",
                "funder_id": rng.choice(self.funders),
                "title": "Fonctionnement" if rng.random() < 0.5 else "Projet",
                "start_date": start,
                "end_date": end,
                "amount_requested": amount,
                "amount_awarded": amount if status in ("awarded", "closed") else None,
                "status": status,
            }


def rng_sample(rng: random.Random, population: range, k: int) -> list[int]:
    return rng.sample(population, min(k, len(population)))


def generate(
    scale: float,
    seed: int = 1,
    *,
    using: str = "default",
    progress: Callable[[str], None] | None = None,
) -> GenerationReport:
    """Write the data set in one transaction; appends after any rows already there."""
    report = GenerationReport(scale, seed)
    with transaction.atomic(using=using):
        gen = Generator(scale, seed, _start(using, seed), using)
        writer = Writer(using)
        programmes = gen.programmes()
        steps: list[tuple[str, type[models.Model], Callable[[], Iterable[dict]]]] = [
            ("organisations", Organisation, gen.organisations),
            ("entrepreneurs", Entrepreneur, gen.entrepreneurs),
            ("encounters", Encounter, gen.encounters),
            ("cooperatives", Cooperative, lambda: gen.cooperatives(programmes)),
            ("memberships", Membership, gen.memberships),
            ("events", Event, lambda: gen.events(programmes)),
            ("sessions", Session, gen.sessions),
            ("attendances", Attendance, gen.attendances),
            ("meetings", Meeting, gen.meetings),
            ("grants", GrantAgreement, gen.grants),
        ]
        for name, model, rows in steps:
            report.counts[name] = writer.write(model, rows())
            if progress:
                progress(f"{name}: {report.counts[name]}")
        writer.finish()
    writer.vacuum()
    return report


# Tables `--flush` empties, children first (users, roles and report editions stay).
FLUSHED = [
    Attendance,
    Session,
    Event,
    Membership,
    Cooperative,
    Encounter,
    Entrepreneur,
    Meeting,
    GrantAgreement,
]


def flush_records(using: str = "default") -> None:
    """Delete the domain records the generator writes (organisations included)."""
    connection = connections[using]
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            tables = [*FLUSHED, Programme, Organisation]
            names = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in tables)
            with connection.cursor() as cursor:
                # Pending deferred FK checks (rows written in this transaction) block TRUNCATE.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
            return
        for model in [*FLUSHED, Programme, Organisation]:
            model._base_manager.using(using).all().delete()
