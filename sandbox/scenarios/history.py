"""Generated dossier histories for report exercises (`dossier-workflow.md` §6 no. 15): the
dossiers one unit dealt with around a reporting period, from which the officer fills in
report II.06a (`sandbox.statistics`).

`generate_history(workspace=…, item=…, seed=…)` writes `item["count"]` dossiers (about 200)
for the unit `item["unit"]` and the period `item["period_start"]`–`item["period_end"]`.
The mix is what makes the report instructive:

* carried over: received before the period and still open at its start; new: received in
  the period, online or at the desk;
* resolved in the period early, on time or late, a few of them late although a Mẫu 04
  apology gave a new date (the statistics keep the original date, §3.5);
* in progress at the period end, within time or overdue; some waiting for a supplement
  with their (not yet shifted) due date already passed: the clock is paused, so they are
  within time; a withdrawn dossier (counted under within time, so that received = resolved
  + in progress);
* noise the report must leave out: dossiers resolved before the period, dossiers received
  at the desk but handled by another unit, dossiers refused at reception (never received).

The composition varies with the seed (each officer gets their own figures); the same seed
always gives the same dossiers, applicants and figures.

**A data-generation path, not the workflow** (like `sandbox.article_dataset`): going
through `dossier_transition` for every step of 200 dossiers would take seconds, so the rows
are written with `bulk_create`. What the services would store and the screens and the
statistics read is reproduced: dossier fields and codes, the papers (all present, one
missing on a dossier waiting for a supplement), open and closed clock pauses, an event
history per dossier (so the tracking book, Mẫu 05 and the queues show something), the Mẫu 04
documents of the apologies, and the counters advanced past the numbers used. Left out: the
Mẫu 01/02/03, receipt and result documents (the events carry their numbers).
Everything happens before the end of the period; the scenario's clock should start after it.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from training.people.models import Unit

from ..artefacts import build_mau_04
from ..calendar import VN_TZ, WorkingCalendar
from ..codes import format_dossier_code
from ..fees import FeeStatus, compute_fee
from ..generators import WARDS, ApplicantGenerator
from ..models import (
    Artefact,
    ArtefactKind,
    Channel,
    ComponentState,
    CounterKind,
    Delivery,
    Dossier,
    DossierComponent,
    DossierEvent,
    DossierPause,
    PauseKind,
    Procedure,
    ResultType,
    UnitDossierCode,
    WorkspaceCounter,
)
from ..procedures import CardRules, Tier, TimeLimitUnit, appointment_time, compute_appointment
from ..services import DISTRICT_DESK_UNIT
from ..workflow import Action, ActorRole, Status

# Outcomes of a dossier that the report counts, and of the noise it must leave out.
EARLY, ON_TIME, LATE, APOLOGY = "early", "on_time", "late", "apology"
WITHIN, OVERDUE, PAUSED_DUE, PAUSED, WITHDRAWN = (
    "within",
    "overdue",
    "paused_due",
    "paused",
    "withdrawn",
)
OLD, OTHER_UNIT, REFUSED = "old", "other_unit", "refused"
# Outcomes that need a card of two working days or more (an early result, an apology one
# working day before the due date, a supplement request between receipt and due date).
NEEDS_DAYS = {EARLY, APOLOGY, PAUSED_DUE, PAUSED}

OFFICERS = {
    ActorRole.TN: "Cán bộ Bộ phận Một cửa",
    ActorRole.LDP: "Lãnh đạo phòng",
    ActorRole.CV: "Chuyên viên thụ lý",
    ActorRole.LDK: "Chủ tịch UBND",
    ActorRole.VT: "Văn thư",
}
APOLOGY_REASONS = [
    "Phải xác minh thông tin tại nơi cư trú trước đây của người yêu cầu, cơ quan được "
    "hỏi chưa trả lời.",
    "Công chức thụ lý nghỉ ốm đột xuất, hồ sơ phải giao lại cho người khác thẩm định.",
    "Hệ thống cơ sở dữ liệu hộ tịch gián đoạn, chưa tra cứu được thông tin.",
]
SUPPLEMENT_REASONS = [
    "Bản sao giấy tờ bị mờ, không đọc được số hiệu.",
    "Thông tin trên tờ khai không khớp với giấy tờ tùy thân.",
    "Thiếu chữ ký của người yêu cầu trên tờ khai.",
]


@dataclass
class _Plan:
    """One dossier to write: where it comes from, how it ends, and its dates."""

    origin: str  # "carried", "new" or "noise"
    outcome: str
    code: str = ""  # procedure code
    online: bool = False
    received: datetime.datetime | None = None
    due: datetime.date | None = None
    resolved: datetime.datetime | None = None
    returned: datetime.datetime | None = None
    closed: datetime.datetime | None = None
    apology_signed: datetime.date | None = None
    apology_date: datetime.date | None = None
    pause_start: datetime.datetime | None = None


class HistoryError(ValueError):
    """The history cannot be generated (no procedure handled by the unit, no unit code)."""


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=VN_TZ)


class _Cards:
    """The card versions of the unit's procedures (and of the noise), by day."""

    def __init__(self, unit: Unit, rule_profile: str):
        versions = defaultdict(list)
        for p in (
            Procedure.objects.filter(rule_profile=rule_profile)
            .select_related("competent_unit")
            .prefetch_related("components")
            .order_by("code", "effective_from")
        ):
            versions[p.code].append(p)
        self.versions = dict(versions)
        latest = {code: rows[-1] for code, rows in versions.items()}
        is_ward = unit.kind == Unit.Kind.WARD
        self.own = sorted(
            code
            for code, p in latest.items()
            if p.competent_unit_id == unit.pk
            or (is_ward and p.competent_unit_id is None and p.tier == Tier.WARD)
        )
        # Noise: dossiers received at the same desk but answered for by another unit.
        self.noise = sorted(
            code
            for code, p in latest.items()
            if code not in self.own
            and p.competent_unit_id is not None
            and (p.receiving_tier == Tier.WARD) == is_ward
        )
        self._snapshots: dict[int, dict] = {}
        self._rules: dict[int, CardRules] = {}

    def version(self, code: str, day: datetime.date) -> Procedure | None:
        found = None
        for p in self.versions.get(code, []):
            if p.effective_from <= day and (p.effective_to is None or p.effective_to >= day):
                found = p
        return found

    def snapshot(self, procedure: Procedure) -> dict:
        if procedure.pk not in self._snapshots:
            self._snapshots[procedure.pk] = procedure.snapshot()
            self._rules[procedure.pk] = CardRules.from_snapshot(self._snapshots[procedure.pk])
        return self._snapshots[procedure.pk]

    def rules(self, procedure: Procedure) -> CardRules:
        self.snapshot(procedure)
        return self._rules[procedure.pk]

    def multi_day(self, codes: list[str]) -> list[str]:
        return [
            c
            for c in codes
            if self.versions[c][-1].time_limit_unit == TimeLimitUnit.WORKING_DAYS
            and (self.versions[c][-1].time_limit_value or 0) >= 2
        ]


def _composition(rnd: random.Random, count: int, has_noise: bool) -> list[tuple[str, str]]:
    """(origin, outcome) for `count` dossiers, in priority order so that a small count still
    holds the instructive cases; the numbers vary with the seed."""
    r = rnd.randint
    wanted = [
        ("carried", APOLOGY, 1),
        ("new", APOLOGY, 1 + r(0, 2)),
        ("new", PAUSED_DUE, 1 + r(0, 1)),
        ("carried", PAUSED_DUE, 1),
        ("new", WITHDRAWN, 1),
        ("carried", OVERDUE, 1 + r(0, 2)),
        ("new", OVERDUE, 1 + r(0, 2)),
        ("new", PAUSED, r(0, 1)),
        ("carried", WITHDRAWN, r(0, 1)),
        ("carried", LATE, r(0, 2)),
        ("new", LATE, 1 + r(0, 4)),
        ("carried", ON_TIME, 2 + r(0, 4)),
        ("carried", EARLY, 2 + r(0, 4)),
        ("noise", REFUSED, max(1, round(count * 0.02)) + r(0, 1)),
        ("noise", OLD, round(count * 0.05) + r(0, 3)),
        ("noise", OTHER_UNIT, round(count * 0.03) + r(0, 2) if has_noise else 0),
        ("new", WITHIN, round(count * 0.07) + r(0, 5)),
        ("new", ON_TIME, round(count * 0.2) + r(-5, 5)),
    ]
    plan: list[tuple[str, str]] = []
    for origin, outcome, n in wanted:
        n = max(0, min(n, count - len(plan)))
        plan.extend([(origin, outcome)] * n)
    plan.extend([("new", EARLY)] * (count - len(plan)))
    return plan


class _Timeline:
    """Working days around the period and the sampling of dates for one outcome."""

    def __init__(self, calendar: WorkingCalendar, start: datetime.date, end: datetime.date):
        self.calendar, self.start, self.end = calendar, start, end
        self.period = self.between(start, end)
        # Carried-over dossiers are received in the 25 working days before the period.
        before, day = [], start
        while len(before) < 25:
            day -= datetime.timedelta(days=1)
            if calendar.is_working_day(day):
                before.append(day)
        self.before = sorted(before)

    def between(self, first: datetime.date, last: datetime.date) -> list[datetime.date]:
        """Working days from `first` to `last`, both included."""
        if last < first:
            return []
        days = self.calendar.working_days_in(first, last)
        return [first, *days] if self.calendar.is_working_day(first) else days

    def previous(self, day: datetime.date) -> datetime.date:
        day -= datetime.timedelta(days=1)
        while not self.calendar.is_working_day(day):
            day -= datetime.timedelta(days=1)
        return day


def _desk_time(rnd: random.Random, day: datetime.date) -> datetime.datetime:
    """A moment in the desk's receiving hours (08:00–11:00, 13:30–16:30)."""
    minutes = rnd.randrange(0, 360, 5)
    start = (8 * 60) if minutes < 180 else (13 * 60 + 30 - 180)
    total = start + minutes
    return _at(day, total // 60, total % 60)


def _sample(plan: _Plan, rnd, cards: _Cards, line: _Timeline, codes: list[str]) -> bool:
    """Fill the dates of `plan` for its outcome; False if this draw does not fit."""
    cal, start, end = line.calendar, line.start, line.end
    plan.code = rnd.choice(codes)
    days = line.before if plan.origin == "carried" or plan.outcome == OLD else line.period
    if plan.outcome == WITHIN:
        days = line.period[-6:]
    day = rnd.choice(days)
    procedure = cards.version(plan.code, day)
    if procedure is None:
        return False
    rules = cards.rules(procedure)
    plan.online = procedure.level >= 3 and plan.outcome != REFUSED and rnd.random() < 0.3
    plan.received = _desk_time(rnd, day)
    due = compute_appointment(rules, plan.received, cal, online=plan.online).due_date
    plan.due = due
    outcome = plan.outcome
    first = start if plan.origin == "carried" else day
    if outcome in (EARLY, ON_TIME, LATE, APOLOGY, OLD):
        if outcome == EARLY:
            choices = line.between(
                max(first, cal.next_working_day(day)), min(line.previous(due), end)
            )
            if not choices:
                return False
            resolved_on = rnd.choice(choices)
        elif outcome == ON_TIME:
            resolved_on = due
        elif outcome == LATE:
            resolved_on = cal.add_working_days(due, rnd.randint(1, 3))
        elif outcome == APOLOGY:
            plan.apology_signed = line.previous(due)
            if plan.apology_signed < day:
                return False
            plan.apology_date = cal.add_working_days(due, rnd.randint(2, 4))
            resolved_on = rnd.choice(line.between(cal.next_working_day(due), plan.apology_date))
        else:  # OLD: resolved and returned before the period
            resolved_on = min(due, line.previous(start))
            if resolved_on < day:
                return False
        if outcome == OLD:
            if resolved_on >= start:
                return False
        elif not first <= resolved_on <= end:
            return False
        plan.resolved = max(
            _at(resolved_on, rnd.randint(14, 15), rnd.randrange(0, 60, 5)),
            plan.received + datetime.timedelta(hours=2),
        )
        cutoff = line.previous(line.previous(end)) if outcome != OLD else line.previous(start)
        if resolved_on <= cutoff and (outcome == OLD or rnd.random() < 0.85):
            returned_on = cal.next_working_day(resolved_on)
            plan.returned = plan.closed = _at(
                returned_on, rnd.randint(8, 10), rnd.randrange(0, 60, 5)
            )
        return True
    if outcome == WITHIN:
        return due >= end
    if outcome == OVERDUE:
        return due < end
    if outcome in (PAUSED_DUE, PAUSED):
        if (outcome == PAUSED_DUE) != (due < end):
            return False
        choices = line.between(max(first, cal.next_working_day(day)), min(due, end))
        if not choices:
            return False
        plan.pause_start = _at(rnd.choice(choices), 10, rnd.randrange(0, 60, 5))
        return True
    if outcome == WITHDRAWN:
        choices = line.between(max(first, day), min(due, end))
        if not choices:
            return False
        plan.closed = max(
            _at(rnd.choice(choices), rnd.randint(9, 15), rnd.randrange(0, 60, 5)),
            plan.received + datetime.timedelta(hours=2),
        )
        return True
    if outcome == OTHER_UNIT:
        return True
    if outcome == REFUSED:
        plan.closed = plan.received + datetime.timedelta(minutes=20)
        return True
    raise ValueError(outcome)


def generate_history(*, workspace, item: dict, seed: int) -> int:
    """Write the generated history of `item` (unit, period_start, period_end, count) into
    `workspace`; returns the number of dossiers written. Deterministic for a seed."""
    unit = Unit.objects.get(code=item["unit"])
    start, end = _as_date(item["period_start"]), _as_date(item["period_end"])
    if end < start:
        raise HistoryError(_("The period ends before it starts."))
    count = int(item.get("count") or 200)
    rnd = random.Random(f"history:{seed}:{unit.code}:{start}:{end}")
    people = ApplicantGenerator(rnd.randrange(2**31))
    calendar = WorkingCalendar.for_profile(workspace.rule_profile)
    cards = _Cards(unit, workspace.rule_profile)
    if not cards.own:
        raise HistoryError(
            _("No procedure is handled by %(unit)s: there is nothing to report on.")
            % {"unit": unit.name}
        )
    line = _Timeline(calendar, start, end)
    multi = cards.multi_day(cards.own) or cards.own
    plans = []
    for origin, outcome in _composition(rnd, count, bool(cards.noise)):
        plan = _Plan(origin, outcome)
        pool = (
            cards.noise if outcome == OTHER_UNIT else multi if outcome in NEEDS_DAYS else cards.own
        )
        for _try in range(60):
            if _sample(plan, rnd, cards, line, pool):
                break
        else:
            # Nothing fits this unit's cards (say, only same-day procedures): a dossier
            # resolved on time instead.
            plan = _fallback(origin, rnd, cards, line)
        plans.append(plan)
    plans.sort(key=lambda p: p.received)
    _write(
        workspace=workspace,
        unit=unit,
        plans=plans,
        cards=cards,
        people=people,
        rnd=rnd,
        calendar=calendar,
    )
    return len(plans)


def _fallback(origin: str, rnd, cards: _Cards, line: _Timeline) -> _Plan:
    plan = _Plan("new" if origin == "noise" else origin, ON_TIME)
    for _try in range(200):
        if _sample(plan, rnd, cards, line, cards.own):
            return plan
    raise HistoryError(
        _("The procedures of this unit do not fit the period; choose another period.")
    )


# ---------------------------------------------------------------------------------------
# Writing the rows
# ---------------------------------------------------------------------------------------


class _Numbers:
    """The workspace counters, continued from their current values and saved at the end."""

    def __init__(self, workspace):
        self.workspace = workspace
        self.values = {
            (c.unit_id, c.kind, c.period): c.value
            for c in WorkspaceCounter.objects.filter(workspace=workspace)
        }
        self.used: set[tuple[int, str, str]] = set()

    def next(self, unit: Unit, kind: str, period: str) -> int:
        key = (unit.pk, kind, period)
        self.values[key] = self.values.get(key, 0) + 1
        self.used.add(key)
        return self.values[key]

    def save(self):
        WorkspaceCounter.objects.bulk_create(
            [
                WorkspaceCounter(
                    workspace=self.workspace,
                    unit_id=u,
                    kind=k,
                    period=p,
                    value=self.values[(u, k, p)],
                )
                for u, k, p in sorted(self.used)
            ],
            update_conflicts=True,
            unique_fields=["workspace", "unit", "kind", "period"],
            update_fields=["value"],
        )


def _write(*, workspace, unit, plans, cards, people, rnd, calendar) -> None:
    units = {u.code: u for u in Unit.objects.filter(code__in=[*WARDS, DISTRICT_DESK_UNIT])}
    units.update({u.code: u for u in Unit.objects.filter(pk__in=_unit_ids(cards))})
    units[unit.code] = unit
    prefixes = defaultdict(list)
    for row in UnitDossierCode.objects.filter(rule_profile=workspace.rule_profile).order_by(
        "effective_from"
    ):
        prefixes[row.unit_id].append((row.effective_from, row.code))
    numbers = _Numbers(workspace)
    dossiers, histories = [], []
    for plan in plans:
        day = plan.received.astimezone(VN_TZ).date()
        procedure = cards.version(plan.code, day)
        rules = cards.rules(procedure)
        receiving = _receiving_unit(procedure, unit, units, rnd)
        handling = units[rules.competent_unit] if rules.competent_unit else receiving
        submitted = plan.received - datetime.timedelta(
            hours=rnd.randint(2, 40) if plan.online else 0, minutes=rnd.randint(3, 15)
        )
        code_day = submitted.astimezone(VN_TZ).date()
        prefix = [code for since, code in prefixes.get(receiving.pk, []) if since <= code_day]
        if not prefix:
            raise HistoryError(
                _("No dossier code is configured for %(unit)s.") % {"unit": receiving.name}
            )
        number = numbers.next(receiving, CounterKind.DOSSIER_CODE, code_day.strftime("%y%m%d"))
        person = people.applicant(ward=receiving.code if receiving.code in WARDS else None)
        quote = compute_fee(rules)
        dossier = Dossier(
            workspace=workspace,
            code=format_dossier_code(prefix[-1], code_day, number),
            procedure=procedure,
            rules=cards.snapshot(procedure),
            channel=Channel.ONLINE if plan.online else Channel.DESK,
            level=procedure.level,
            receiving_unit=receiving,
            applicant_name=person.name,
            applicant_birth_date=person.birth_date,
            applicant_id_number=person.id_number,
            applicant_address=person.address,
            applicant_phone=person.phone,
            applicant_email=person.email,
            request_summary="",
            sets_count=rules.sets_count,
            delivery=Delivery.DESK,
            submitted_at=submitted,
            fee_amount=quote.amount,
            fee_lines=[line.as_dict() for line in quote.lines],
            fee_status=FeeStatus.PAID if quote.amount else FeeStatus.NOT_REQUIRED,
        )
        events = _history(plan, dossier, rules, handling, numbers, person.name, rnd, calendar)
        dossier.version = len(events)
        dossier.status = events[-1]["to_status"]
        dossiers.append(dossier)
        histories.append(events)
    Dossier.objects.bulk_create(dossiers, batch_size=200)
    components, pauses, event_rows = [], [], []
    for plan, dossier, events in zip(plans, dossiers, histories, strict=True):
        components.extend(_components(plan, dossier))
        if plan.pause_start is not None:
            pauses.append(
                DossierPause(
                    workspace=workspace,
                    dossier=dossier,
                    kind=PauseKind.SUPPLEMENT,
                    started_at=plan.pause_start,
                )
            )
        for version, event in enumerate(events, start=1):
            event_rows.append(
                DossierEvent(workspace=workspace, dossier=dossier, version=version, **event)
            )
    DossierComponent.objects.bulk_create(components, batch_size=500)
    DossierPause.objects.bulk_create(pauses)
    DossierEvent.objects.bulk_create(event_rows, batch_size=500)
    Artefact.objects.bulk_create(
        [
            _apology_form(event.dossier, event)
            for event in event_rows
            if event.action == Action.SIGN_APOLOGY
        ]
    )
    numbers.save()


def _unit_ids(cards: _Cards) -> set[int]:
    return {
        p.competent_unit_id
        for rows in cards.versions.values()
        for p in rows
        if p.competent_unit_id is not None
    }


def _receiving_unit(procedure: Procedure, unit: Unit, units: dict, rnd) -> Unit:
    if procedure.receiving_tier == Tier.DISTRICT:
        return units[DISTRICT_DESK_UNIT]
    if unit.kind == Unit.Kind.WARD:
        return unit
    return units[rnd.choice(WARDS)]


def _components(plan: _Plan, dossier: Dossier) -> list[DossierComponent]:
    rows = []
    card = dossier.card
    for position, rule in enumerate(card.components):
        if rule.mandatory:
            state = ComponentState.PRESENT
        else:
            state = ComponentState.NOT_APPLICABLE
        note = ""
        if plan.pause_start is not None and position == 0:
            state, note = ComponentState.MISSING, "Cần bổ sung theo Mẫu 02."
        if plan.outcome == REFUSED:
            state = ComponentState.MISSING
        rows.append(
            DossierComponent(
                workspace=dossier.workspace,
                dossier=dossier,
                component_id=rule.id,
                position=position,
                name=rule.name,
                form=rule.form,
                count=rule.count,
                mandatory=rule.mandatory,
                condition=rule.condition,
                state=state,
                note=note,
            )
        )
    return rows


def _history(plan, dossier, rules, handling, numbers, applicant, rnd, calendar) -> list[dict]:
    """The events of one dossier, in order, and the dossier fields they imply."""
    events: list[dict] = []
    state = {"status": "", "at": dossier.submitted_at}

    def add(action, role, to_status, at, payload=None, actor_name=None):
        at = max(at, state["at"])
        events.append(
            {
                "action": action,
                "role": role,
                "actor": None,
                "actor_name": actor_name or OFFICERS.get(role, applicant),
                "from_status": state["status"],
                "to_status": to_status or state["status"],
                "payload": payload or {},
                "sim_at": at,
            }
        )
        state["status"] = to_status or state["status"]
        state["at"] = at + datetime.timedelta(minutes=5)

    receiving = dossier.receiving_unit
    created = {
        "procedure_id": dossier.procedure.pk,
        "procedure_code": rules.code,
        "channel": dossier.channel,
        "receiving_unit": receiving.code,
        "code": dossier.code,
        "fee_amount": dossier.fee_amount,
        "delivery": dossier.delivery,
    }
    if plan.online:
        add(Action.CREATE_DRAFT, ActorRole.CD, Status.DRAFT, dossier.submitted_at, created)
        add(
            Action.SUBMIT_ONLINE,
            ActorRole.CD,
            Status.SUBMITTED,
            dossier.submitted_at,
            {"code": dossier.code},
        )
    else:
        add(Action.DESK_INTAKE, ActorRole.TN, Status.AT_DESK, dossier.submitted_at, created)
    if plan.outcome == REFUSED:
        number = numbers.next(receiving, CounterKind.FORM, str(plan.closed.year))
        add(
            Action.DESK_REFUSE,
            ActorRole.TN,
            Status.REFUSED,
            plan.closed,
            {
                "reason": "Hồ sơ không thuộc trường hợp được giải quyết theo thủ tục này.",
                "legal_basis": rules.source_decision,
                "number": str(number),
            },
        )
        dossier.closed_at = events[-1]["sim_at"]
        return events
    # Received: Mẫu 01 (its number is the tracking-book entry).
    received = plan.received
    appointment = appointment_time(calendar, plan.due)
    book = numbers.next(receiving, CounterKind.TRACKING_BOOK, str(received.astimezone(VN_TZ).year))
    dossier.received_at = received
    dossier.due_date = dossier.original_due_date = plan.due
    dossier.appointment_at = appointment
    dossier.book_number = book
    add(
        Action.DESK_ACCEPT,
        ActorRole.TN,
        Status.ACCEPTED,
        received,
        {
            "due_date": plan.due.isoformat(),
            "appointment_at": appointment.isoformat(),
            "book_number": book,
            "fee_amount": dossier.fee_amount,
            "number": str(book),
        },
    )
    unit = handling  # transferred at once to the unit that answers for it
    transferred = received + datetime.timedelta(minutes=rnd.randint(15, 50))
    dossier.handling_unit = unit
    dossier.transferred_at = transferred
    add(
        Action.TRANSFER,
        ActorRole.TN,
        Status.TRANSFERRED,
        transferred,
        {
            "to_unit": unit.code,
            "to_unit_name": unit.name_vi,
            "competent_unit": unit.code,
            "is_competent": True,
            "step_result": "on_time",
            "note": "",
        },
    )
    if plan.outcome == OTHER_UNIT:
        return events
    specialist = OFFICERS[ActorRole.CV]
    dossier.assignee_name = specialist
    add(
        Action.ASSIGN,
        ActorRole.LDP,
        Status.ASSIGNED,
        transferred,
        {"specialist": specialist, "handling_unit": unit.code},
    )
    add(Action.START_APPRAISAL, ActorRole.CV, Status.APPRAISING, transferred, {"note": ""})
    if plan.outcome == APOLOGY:
        reason = rnd.choice(APOLOGY_REASONS)
        signed = _at(plan.apology_signed, 9, 30)
        number = f"{numbers.next(unit, CounterKind.FORM, str(signed.year))}/PXL"
        add(
            Action.DRAFT_APOLOGY,
            ActorRole.CV,
            None,
            _at(plan.apology_signed, 8, 30),
            {"reason": reason, "new_date": plan.apology_date.isoformat()},
        )
        add(
            Action.SIGN_APOLOGY,
            ActorRole.LDK,
            None,
            signed,
            {
                "number": number,
                "new_date": plan.apology_date.isoformat(),
                "reason": reason,
                "signer_name": OFFICERS[ActorRole.LDK],
                "signer_capacity": "head",
                "due_date": plan.due.isoformat(),
            },
        )
        dossier.apology_due_date = plan.apology_date
    if plan.pause_start is not None:
        missing = dossier.card.components[0]
        items = [
            {"component": None, "name": missing.name, "reason": rnd.choice(SUPPLEMENT_REASONS)}
        ]
        add(
            Action.DRAFT_SUPPLEMENT,
            ActorRole.CV,
            Status.SUPPLEMENT_DRAFTED,
            plan.pause_start - datetime.timedelta(hours=1),
            {"items": items, "reason": items[0]["reason"]},
        )
        number = numbers.next(receiving, CounterKind.FORM, str(plan.pause_start.year))
        add(
            Action.APPROVE_SUPPLEMENT,
            ActorRole.LDP,
            Status.SUPPLEMENT_REQUESTED,
            plan.pause_start,
            {"number": str(number), "items": items, "handling_unit": unit.code},
        )
        return events
    if plan.outcome == WITHDRAWN:
        add(
            Action.WITHDRAW,
            ActorRole.CD,
            Status.WITHDRAWN,
            plan.closed,
            {"reason": "Người yêu cầu có đơn xin rút hồ sơ."},
        )
        dossier.closed_at = events[-1]["sim_at"]
        return events
    if plan.resolved is None:
        return events
    resolved = plan.resolved
    add(
        Action.DRAFT_RESULT,
        ActorRole.CV,
        Status.DRAFT_SUBMITTED,
        resolved - datetime.timedelta(hours=5),
        {"summary": "", "handling_unit": unit.code},
    )
    add(
        Action.LEADER_APPROVE,
        ActorRole.LDP,
        Status.PENDING_SIGNATURE,
        resolved - datetime.timedelta(hours=4),
        {"note": "", "handling_unit": unit.code},
    )
    add(
        Action.SIGN,
        ActorRole.LDK,
        Status.SIGNED,
        resolved - datetime.timedelta(hours=3),
        {
            "signer_name": OFFICERS[ActorRole.LDK],
            "signer_title": rules.head_title,
            "result_type": ResultType.GRANT,
        },
    )
    year = resolved.astimezone(VN_TZ).year
    result_number = f"{numbers.next(unit, CounterKind.REGISTRY, str(year))}/{year}"
    add(
        Action.REGISTRY_ISSUE,
        ActorRole.VT,
        Status.ISSUED,
        resolved - datetime.timedelta(hours=1),
        {"number": result_number, "handling_unit": unit.code},
    )
    resolved_on = resolved.astimezone(VN_TZ).date()
    step = "early" if resolved_on < plan.due else "on_time" if resolved_on == plan.due else "late"
    add(
        Action.RETURN_TO_DESK,
        ActorRole.VT,
        Status.RESOLVED,
        resolved,
        {"step_result": step, "due_date": plan.due.isoformat(), "handling_unit": unit.code},
    )
    dossier.resolved_at = events[-1]["sim_at"]
    dossier.result_type = ResultType.GRANT
    dossier.result_number = result_number
    dossier.draft = {
        "kind": ResultType.GRANT,
        "document": rules.result_name,
        "author": specialist,
        "approved_by": OFFICERS[ActorRole.LDP],
        "signed_by": OFFICERS[ActorRole.LDK],
        "signer_title": rules.head_title,
    }
    if plan.returned is not None:
        add(
            Action.RETURN_RESULT,
            ActorRole.TN,
            Status.RETURNED,
            plan.returned,
            {
                "method": Delivery.DESK,
                "method_label": "Nhận trực tiếp tại Bộ phận Tiếp nhận và Trả kết quả",
                "collector": "applicant",
                "collected_by": dossier.applicant_name,
            },
        )
        dossier.returned_at = dossier.closed_at = events[-1]["sim_at"]
    return events


def _apology_form(dossier: Dossier, event: DossierEvent) -> Artefact:
    p = event.payload
    unit = dossier.handling_unit or dossier.receiving_unit
    return Artefact(
        workspace=dossier.workspace,
        dossier=dossier,
        event=event,
        kind=ArtefactKind.MAU_04,
        number=p["number"],
        content=build_mau_04(
            dossier,
            number=p["number"],
            at=event.sim_at,
            reason=p["reason"],
            new_date=datetime.date.fromisoformat(p["new_date"]),
            signer_name=p["signer_name"],
            capacity=p["signer_capacity"],
            receipt_number=str(dossier.book_number or ""),
            unit=unit,
        ),
        issued_at=event.sim_at,
    )
