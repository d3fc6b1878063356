"""The article's data set: a workspace whose II.06a report, year to date at 31/10, shows
exactly "received 7,149; resolved and returned 6,978 (98 %); 171 in progress, not yet due"
(`dossier-workflow.md` §3.5).

The year is **2019**: Profile B is in force (NĐ 61/2018 from 21/6/2018), the district still
has its wards, and TT 01/2018 dossier codes exist from 06/01/2019 (the `UnitDossierCode`
rows start then). Every dossier is therefore received between Monday 07/01/2019 and
31/10/2019, so nothing is carried over from 2018: the 7,149 are all new in the period.
The workspace clock stands at Thursday 31/10/2019 17:00, the report's date.

Composition (deterministic, no randomness except the seeded applicant generator):

* 6,978 resolved: 6,120 early, 790 on time, 68 late, of which 12 had a Mẫu 04 apology
  (late against their original due date although returned before the new date).
  Resolved before 24/10 → returned to the applicant (status 10); later → at the desk (9).
* 171 in progress, received 29–31/10 on cards of 2–3 working days, so none is due before
  31/10: within time 171, overdue 0.
* About one dossier in five of the online-capable cards (level 3/4) came in online.

**A data-generation path, not the workflow.** Building 7,149 dossiers through
`dossier_transition` one by one takes minutes, so `article_dataset_build` writes the dossier
rows directly with `bulk_create`. It reproduces what the services store on a dossier that
the statistics and the queues read (status, channel, level, units, codes in the TT 01/2018
format with the daily counters advanced, received / due / original due / appointment /
transfer / resolution / return times, due dates from `compute_appointment` on the same
working calendar, tracking-book numbers and counters). It does **not** write the event
history, components, pauses or artefacts (no Mẫu 01/04 documents, no tracking book), and
no fees are charged (`fee_status` "no fee"). Use it for statistics and load; never as the
starting point of an assessed exercise.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.db import transaction

from training.people.models import Unit

from .calendar import VN_TZ, WorkingCalendar
from .codes import format_dossier_code, unit_code
from .fees import FeeStatus
from .generators import WARDS, ApplicantGenerator
from .models import (
    Channel,
    CounterKind,
    Delivery,
    Dossier,
    Procedure,
    ResultType,
    Workspace,
    WorkspaceCounter,
)
from .procedures import CardRules, Tier, compute_appointment
from .services import DISTRICT_DESK_UNIT, workspace_create
from .workflow import Status

YEAR = 2019
REPORT_DATE = datetime.date(YEAR, 10, 31)
CLOCK = datetime.datetime(YEAR, 10, 31, 17, 0, tzinfo=VN_TZ)
FIRST_DAY = datetime.date(YEAR, 1, 7)  # first working day with TT 01/2018 codes
LAST_RESOLVED_INTAKE = datetime.date(YEAR, 10, 15)
IN_PROGRESS_DAYS = (datetime.date(YEAR, 10, 29), datetime.date(YEAR, 10, 30), REPORT_DATE)
RETURNED_BEFORE = datetime.date(YEAR, 10, 24)

RECEIVED = 7149
RESOLVED_EARLY = 6120
RESOLVED_ON_TIME = 790
RESOLVED_LATE = 68
APOLOGIES = 12
IN_PROGRESS = 171
RESOLVED = RESOLVED_EARLY + RESOLVED_ON_TIME + RESOLVED_LATE
assert RESOLVED == 6978 and RESOLVED + IN_PROGRESS == RECEIVED


class ArticleDatasetError(Exception):
    pass


def article_workspace_create(*, title: str, owner=None, seed: int = 2019) -> Workspace:
    """A new workspace at 31/10/2019 17:00 filled with the article's data set."""
    with transaction.atomic():
        workspace = workspace_create(title=title, owner=owner, now=CLOCK, seed=seed)
        article_dataset_build(workspace=workspace)
    return workspace


def _working_days(calendar: WorkingCalendar, first: datetime.date, last: datetime.date):
    day, days = first, []
    while day <= last:
        if calendar.is_working_day(day):
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def _previous_working_day(calendar: WorkingCalendar, day: datetime.date) -> datetime.date:
    day -= datetime.timedelta(days=1)
    while not calendar.is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


@transaction.atomic
def article_dataset_build(*, workspace: Workspace) -> int:
    """Fill the empty `workspace` (clock at 31/10/2019) with the article's 7,149 dossiers
    through the data-generation path described in the module docstring; returns the count."""
    if workspace.now.astimezone(VN_TZ).date() != REPORT_DATE:
        raise ArticleDatasetError("The workspace clock must stand on 31/10/2019.")
    if Dossier.objects.in_workspace(workspace).exists():
        raise ArticleDatasetError("The workspace already holds dossiers.")
    calendar = WorkingCalendar.for_profile(workspace.rule_profile)
    cards = [
        p
        for p in Procedure.objects.in_force(FIRST_DAY, workspace.rule_profile)
        .select_related("competent_unit")
        .order_by("code")
        if p.effective_to is None or p.effective_to >= REPORT_DATE
    ]
    if not cards:
        raise ArticleDatasetError("No procedure card is in force in 2019.")
    rules = {p.pk: p.snapshot() for p in cards}
    card_rules = {p.pk: CardRules.from_snapshot(rules[p.pk]) for p in cards}
    # Early resolutions and apologies need a due date after the receipt day.
    multi_day = [
        p for p in cards if p.time_limit_unit == "working_days" and p.time_limit_value >= 2
    ]
    if not multi_day:
        raise ArticleDatasetError("No card of two working days or more is in force in 2019.")
    units = {u.code: u for u in Unit.objects.filter(code__in=[*WARDS, DISTRICT_DESK_UNIT])}
    prefixes: dict[int, str] = {}
    applicants = ApplicantGenerator(workspace.seed)
    code_counters: dict[tuple[int, datetime.date], int] = defaultdict(int)
    book_counters: dict[int, int] = defaultdict(int)
    days = _working_days(calendar, FIRST_DAY, LAST_RESOLVED_INTAKE)

    def dossier(i: int, card: Procedure, day: datetime.date, minute: int) -> dict[str, Any]:
        if card.receiving_tier == Tier.DISTRICT:
            receiving = units[DISTRICT_DESK_UNIT]
        else:
            receiving = units[WARDS[i % len(WARDS)]]
        handling = card.competent_unit or receiving
        online = card.level >= 3 and i % 5 == 0
        received_at = datetime.datetime.combine(
            day, datetime.time(8, 0), tzinfo=VN_TZ
        ) + datetime.timedelta(minutes=minute % 180)
        appointment = compute_appointment(card_rules[card.pk], received_at, calendar, online=online)
        if receiving.pk not in prefixes:
            prefixes[receiving.pk] = unit_code(
                receiving, on=day, rule_profile=workspace.rule_profile
            )
        code_counters[(receiving.pk, day)] += 1
        book_counters[receiving.pk] += 1
        person = applicants.applicant(ward=receiving.code if receiving.code in WARDS else None)
        return {
            "workspace": workspace,
            "code": format_dossier_code(
                prefixes[receiving.pk], day, code_counters[(receiving.pk, day)]
            ),
            "procedure": card,
            "rules": rules[card.pk],
            "channel": Channel.ONLINE if online else Channel.DESK,
            "level": card.level,
            "receiving_unit": receiving,
            "handling_unit": handling,
            "applicant_name": person.name,
            "applicant_birth_date": person.birth_date,
            "applicant_id_number": person.id_number,
            "applicant_address": person.address,
            "applicant_phone": person.phone,
            "applicant_email": person.email,
            "delivery": Delivery.DESK,
            "submitted_at": received_at - datetime.timedelta(minutes=30 if online else 0),
            "received_at": received_at,
            "due_date": appointment.due_date,
            "original_due_date": appointment.due_date,
            "appointment_at": appointment.appointment_at,
            "transferred_at": received_at + datetime.timedelta(minutes=30),
            "book_number": book_counters[receiving.pk],
            "assignee_name": "Chuyên viên thực hành",
            "fee_status": FeeStatus.NOT_REQUIRED,
            "fee_amount": 0,
        }

    rows: list[Dossier] = []
    for i in range(RESOLVED):
        if i < RESOLVED_LATE:
            kind = "late"
        elif i < RESOLVED_LATE + RESOLVED_ON_TIME:
            kind = "on_time"
        else:
            kind = "early"
        pool = multi_day if kind == "early" or i < APOLOGIES else cards
        card = pool[i % len(pool)]
        day = days[(i * 7) % len(days)]
        fields = dossier(i, card, day, i * 13)
        due = fields["due_date"]
        if kind == "early":
            resolved_on = _previous_working_day(calendar, due)
        elif kind == "on_time":
            resolved_on = due
        else:
            resolved_on = calendar.next_working_day(due)
        if i < APOLOGIES:
            fields["apology_due_date"] = calendar.add_working_days(due, 3)
        if not fields["received_at"].date() <= resolved_on <= REPORT_DATE:
            raise ArticleDatasetError(f"Dossier {i}: resolution date {resolved_on} out of range.")
        resolved_at = datetime.datetime.combine(resolved_on, datetime.time(15, 0), tzinfo=VN_TZ)
        fields.update(
            status=Status.RESOLVED,
            version=8,
            resolved_at=resolved_at,
            result_type=ResultType.GRANT,
            result_number=f"{i + 1}/KQ-TH",
        )
        if resolved_on < RETURNED_BEFORE:
            returned_at = resolved_at + datetime.timedelta(hours=18)
            fields.update(
                status=Status.RETURNED, version=9, returned_at=returned_at, closed_at=returned_at
            )
        rows.append(Dossier(**fields))
    for j in range(IN_PROGRESS):
        i = RESOLVED + j
        card = multi_day[j % len(multi_day)]
        day = IN_PROGRESS_DAYS[j % len(IN_PROGRESS_DAYS)]
        fields = dossier(i, card, day, j * 11)
        if fields["due_date"] < REPORT_DATE:
            raise ArticleDatasetError(f"Dossier {i}: due before the report date.")
        fields.update(status=Status.APPRAISING, version=5)
        rows.append(Dossier(**fields))
    Dossier.objects.bulk_create(rows, batch_size=500)
    # Advance the counters as the services would have, so dossiers added later through
    # `dossier_create` / `desk_accept` continue the numbering instead of colliding.
    WorkspaceCounter.objects.bulk_create(
        [
            WorkspaceCounter(
                workspace=workspace,
                unit_id=unit_id,
                kind=CounterKind.DOSSIER_CODE,
                period=day.strftime("%y%m%d"),
                value=value,
            )
            for (unit_id, day), value in code_counters.items()
        ]
        + [
            WorkspaceCounter(
                workspace=workspace,
                unit_id=unit_id,
                kind=CounterKind.TRACKING_BOOK,
                period=str(YEAR),
                value=value,
            )
            for unit_id, value in book_counters.items()
        ]
    )
    return len(rows)
