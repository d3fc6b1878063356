"""The assessor: a pure function of the scenario (its frozen spec), the final state and the
event trace → score, per-criterion results, critical failures and feedback.

`load_trace(attempt)` reads what the assessor needs in a fixed number of queries (dossiers,
components, events, artefacts; the II.06a figures only for report criteria), whatever the
length of the trace. `assess(spec, trace)` does no I/O at all: the same spec and trace
always give the same result, so re-running it on a submitted attempt is idempotent.

A criterion names a check (`CHECKS`), the dossiers it looks at (a seed label, or every
dossier), a value and a date. It passes when the check passes on every dossier it targets.
Its points are lost when it fails, unless it is a warning (unverified rules, `verification.md`
item 6), which is reported with no loss; a critical criterion that fails fails the attempt
whatever the score.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..calendar import VN_TZ, WorkingCalendar
from ..fees import compute_fee
from ..procedures import CardRules, compute_appointment
from ..workflow import Action, Status
from .rules import RULES

# ---------------------------------------------------------------------------------------
# The trace
# ---------------------------------------------------------------------------------------


@dataclass
class DossierState:
    id: int
    label: str
    code: str
    status: str
    channel: str
    rules: dict
    received_at: datetime.datetime | None
    due_date: datetime.date | None
    original_due_date: datetime.date | None
    apology_due_date: datetime.date | None
    fee_amount: int
    fee_status: str
    handling_unit: str | None
    # Ground truth from the seed: card positions (1-based) missing / defective, and the
    # copies and pages a fee is computed from.
    truth: dict = field(default_factory=dict)
    components: list[dict] = field(default_factory=list)

    @property
    def card(self) -> CardRules:
        return CardRules.from_snapshot(self.rules)


@dataclass
class EventRow:
    id: int
    dossier_id: int
    action: str
    role: str
    scripted: bool
    payload: dict
    sim_at: datetime.datetime
    from_status: str
    to_status: str


@dataclass
class ArtefactRow:
    dossier_id: int
    kind: str
    number: str
    content: dict
    issued_at: datetime.datetime


@dataclass
class Trace:
    dossiers: dict[int, DossierState]
    events: list[EventRow]
    artefacts: list[ArtefactRow]
    calendar: WorkingCalendar
    answers: dict = field(default_factory=dict)
    report: dict | None = None
    unit_names: dict = field(default_factory=dict)

    def targets(self, label: str) -> list[DossierState]:
        if not label:
            return list(self.dossiers.values())
        return [d for d in self.dossiers.values() if d.label == label]

    def events_of(self, dossier: DossierState, *, trainee_only: bool = True) -> list[EventRow]:
        return [
            e
            for e in self.events
            if e.dossier_id == dossier.id and not (trainee_only and e.scripted)
        ]

    def artefacts_of(self, dossier: DossierState, kind: str) -> list[ArtefactRow]:
        return [a for a in self.artefacts if a.dossier_id == dossier.id and a.kind == kind]


# ---------------------------------------------------------------------------------------
# Checks: (params, dossier, trace) -> (passed, observed, expected)
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    label: str
    run: Callable[[dict, DossierState, Trace], tuple[bool, str, str]]
    help: str = ""
    per_dossier: bool = True
    # What `value` must be: "statuses", "artefact", "int", "int_or_empty", "action",
    # "action_days", "report_field", or "" (free text).
    value_kind: str = ""
    needs_limit: bool = False

    def validate(self, criterion: dict) -> tuple[str, str] | None:
        """(parameter, why) when the criterion's parameters cannot be graded, else None."""
        value = str(criterion.get("value") or "").strip()
        kind = self.value_kind
        if kind == "statuses":
            wrong = [v for v in _values(value) if v not in Status.values]
            if not value or wrong:
                return "value", _("the value must list statuses (e.g. accepted; refused).")
        elif kind == "artefact":
            if value not in ARTEFACT_KINDS:
                return "value", _("the value must be a document kind (%(kinds)s).") % {
                    "kinds": ", ".join(ARTEFACT_KINDS)
                }
        elif kind in ("int", "int_or_empty"):
            if not (value.isdigit() or (kind == "int_or_empty" and not value)):
                return "value", _("the value must be a whole number (no dots or spaces).")
        elif kind in ("action", "action_days"):
            action, _sep, rest = value.partition(":")
            if action.strip() not in Action.values:
                return "value", _("the value must start with an action code (e.g. transfer).")
            if kind == "action_days" and not rest.strip().isdigit():
                return "value", _("the value must be “action:number of working days”.")
            if kind == "action" and rest.strip() and rest.strip() not in ROLE_CODES:
                return "value", _("the role after “:” is not a sandbox role.")
        elif kind == "report_field":
            if value not in REPORT_FIGURES:
                return "value", _("the value must be a figure of report II.06a.")
        if self.needs_limit and criterion.get("limit") in (None, ""):
            return "limit", _("give the limit.")
        return None


ARTEFACT_KINDS = ("mau_01", "mau_02", "mau_03", "mau_04", "receipt", "result", "notice")
ROLE_CODES = ("CD", "TN", "TBP", "LDP", "CV", "LDK", "VT", "PH", "SYS")
REPORT_FIGURES = (
    "carried_over",
    "new_online",
    "new_direct",
    "received_total",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "resolved_total",
    "in_progress_within",
    "in_progress_overdue",
    "in_progress_total",
)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", str(text or "").lower().replace("đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c))


def _values(value: str) -> list[str]:
    return [v.strip() for v in str(value or "").replace(",", ";").split(";") if v.strip()]


def _d(day: datetime.date | None) -> str:
    return date_format(day, "d/m/Y") if day else _("none")


def _status_label(status: str) -> str:
    try:
        return str(Status(status).label)
    except ValueError:
        return status


def _action_label(action: str) -> str:
    try:
        return str(Action(action).label)
    except ValueError:
        return action


def _local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return moment.astimezone(VN_TZ).date() if moment else None


def check_status_in(params, d, trace):
    wanted = _values(params.get("value"))
    return (
        d.status in wanted,
        _status_label(d.status),
        _("one of: %(list)s") % {"list": ", ".join(_status_label(s) for s in wanted)},
    )


def check_status_not_in(params, d, trace):
    unwanted = _values(params.get("value"))
    return (
        d.status not in unwanted,
        _status_label(d.status),
        _("not: %(list)s") % {"list": ", ".join(_status_label(s) for s in unwanted)},
    )


def check_artefact_exists(params, d, trace):
    kind = params.get("value") or ""
    found = trace.artefacts_of(d, kind)
    return (
        bool(found),
        _("issued (%(n)s)") % {"n": len(found)} if found else _("not issued"),
        _("issued"),
    )


def check_artefact_absent(params, d, trace):
    kind = params.get("value") or ""
    found = trace.artefacts_of(d, kind)
    return (
        not found,
        _("issued (%(n)s)") % {"n": len(found)} if found else _("not issued"),
        _("not issued"),
    )


def check_single_artefact(params, d, trace):
    kind = params.get("value") or ""
    n = len(trace.artefacts_of(d, kind))
    return n == 1, _("%(n)s issued") % {"n": n}, _("exactly one")


def _truth_deficient(d: DossierState) -> set[int]:
    return set(d.truth.get("missing", [])) | set(d.truth.get("defective", []))


def check_supplement_lists_all(params, d, trace):
    """The first Mẫu 02 lists every paper that is really missing or defective."""
    wanted = _truth_deficient(d)
    by_id = {c["id"]: c["position"] for c in d.components}
    forms = trace.artefacts_of(d, "mau_02")
    expected = ", ".join(str(p) for p in sorted(wanted))
    if not forms:
        return False, _("no Mẫu 02"), _("papers %(list)s") % {"list": expected}
    events = [e for e in trace.events_of(d) if e.action in SUPPLEMENT_ACTIONS]
    listed = set()
    if events:
        listed = {by_id.get(item.get("component")) for item in events[0].payload.get("items", [])}
    listed.discard(None)
    return (
        wanted <= listed,
        _("papers %(list)s") % {"list": ", ".join(str(p) for p in sorted(listed)) or "—"},
        _("papers %(list)s") % {"list": expected},
    )


SUPPLEMENT_ACTIONS = {Action.DESK_REQUEST_SUPPLEMENT, Action.DRAFT_SUPPLEMENT}


def check_text_excludes(params, d, trace):
    """No supplement request or refusal mentions one of the given papers (not on the card)."""
    banned = _values(params.get("value"))
    texts = []
    for e in trace.events_of(d):
        if e.action in SUPPLEMENT_ACTIONS | {Action.DESK_REFUSE, Action.ADD_NOTE}:
            payload = e.payload
            texts.append(str(payload.get("reason", "")))
            texts.append(str(payload.get("text", payload.get("note", ""))))
            for item in payload.get("items", []):
                texts.append(str(item.get("reason", "")))
    haystack = _fold(" ".join(texts))
    found = [b for b in banned if _fold(b) in haystack]
    return (
        not found,
        _("asked for: %(list)s") % {"list": ", ".join(found)} if found else _("nothing extra"),
        _("nothing outside the card"),
    )


RESUBMISSIONS = {Action.RESUBMIT_ONLINE, Action.RESUBMIT_AT_DESK, Action.CITIZEN_SUPPLEMENT}


def check_components_truthful(params, d, trace):
    """No missing or defective paper was marked present (R-COMP) before the applicant
    brought the papers asked for (a resubmission or a supplement brings them)."""
    wanted = _truth_deficient(d)
    positions = {c["id"]: c["position"] for c in d.components}
    events = trace.events_of(d, trainee_only=False)
    brought = next((i for i, e in enumerate(events) if e.action in RESUBMISSIONS), len(events))
    wrong = sorted(
        {
            positions.get(e.payload.get("component"))
            for e in events[:brought]
            if e.action == Action.CHECK_COMPONENT
            and not e.scripted
            and e.payload.get("state") == "present"
            and positions.get(e.payload.get("component")) in wanted
        }
    )
    return (
        not wrong,
        _("marked present: %(list)s") % {"list": ", ".join(map(str, wrong))}
        if wrong
        else _("none marked present"),
        _("papers %(list)s not accepted as present")
        % {"list": ", ".join(map(str, sorted(wanted))) or "—"},
    )


def expected_due_date(d: DossierState, calendar: WorkingCalendar) -> datetime.date | None:
    if d.received_at is None:
        return None
    return compute_appointment(
        d.card, d.received_at, calendar, online=d.channel == "online"
    ).due_date


def check_due_date(params, d, trace):
    """The appointment written on Mẫu 01 equals the calculation (compares dates, R-DUE).
    `value` "calendar_days_too" also accepts the calendar-day reading of the time limit."""
    written = d.original_due_date
    expected = expected_due_date(d, trace.calendar)
    accepted = {expected} if expected else set()
    if params.get("value") == "calendar_days_too" and d.received_at is not None:
        card = d.card
        accepted.add(
            _local_date(d.received_at) + datetime.timedelta(days=card.time_limit_value or 0)
        )
    if params.get("date"):
        accepted = {datetime.date.fromisoformat(params["date"])}
    return (
        written is not None and written in accepted,
        _d(written),
        " / ".join(_d(day) for day in sorted(accepted)) or _("a received dossier"),
    )


def check_fee(params, d, trace):
    """The fee charged equals the card's formula for the papers brought (R-FEE)."""
    if params.get("value"):
        expected = int(params["value"])
    else:
        expected = compute_fee(
            d.card,
            copies=d.truth.get("copies", 1),
            pages=d.truth.get("pages", 1),
            cases=1,
        ).amount
    if d.received_at is None and d.fee_status != "paid":
        # Nothing was charged: a fee exists only on a received (or paid) dossier.
        return False, _("not charged"), f"{expected:,} đ"
    return d.fee_amount == expected, f"{d.fee_amount:,} đ", f"{expected:,} đ"


def _transfers(d, trace):
    return [e for e in trace.events_of(d) if e.action == Action.TRANSFER]


def check_transferred_to(params, d, trace):
    """The (first) transfer went to the given unit, by default the card's competent unit."""
    transfers = _transfers(d, trace)
    wanted = params.get("value") or d.card.competent_unit
    observed = transfers[0].payload.get("to_unit_name", "") if transfers else _("not transferred")
    return (
        bool(transfers) and transfers[0].payload.get("to_unit") == wanted,
        observed,
        trace.unit_names.get(wanted, wanted),
    )


def check_transfer_timely(params, d, trace):
    transfers = _transfers(d, trace)
    if not transfers:
        return False, _("not transferred"), _("the same day, or the next morning after 15:00")
    at = transfers[0].sim_at.astimezone(VN_TZ)
    return (
        transfers[0].payload.get("step_result") == "on_time",
        date_format(at, "d/m/Y H:i"),
        _("the same day, or the next morning after 15:00"),
    )


def _parse_action(value: str) -> tuple[str, str]:
    action, _sep, role = str(value or "").partition(":")
    return action.strip(), role.strip()


def check_action_done(params, d, trace):
    action, role = _parse_action(params.get("value"))
    done = [e for e in trace.events_of(d) if e.action == action and (not role or e.role == role)]
    return (
        bool(done),
        _("done %(n)s time(s)") % {"n": len(done)} if done else _("not done"),
        _action_label(action),
    )


def check_action_not_done(params, d, trace):
    action, role = _parse_action(params.get("value"))
    done = [e for e in trace.events_of(d) if e.action == action and (not role or e.role == role)]
    return (
        not done,
        _("done %(n)s time(s)") % {"n": len(done)} if done else _("not done"),
        _("not: %(action)s") % {"action": _action_label(action)},
    )


def check_action_count_at_most(params, d, trace):
    action, _role = _parse_action(params.get("value"))
    limit = int(params.get("limit") or 1)
    n = sum(1 for e in trace.events_of(d) if e.action == action)
    return n <= limit, _("%(n)s time(s)") % {"n": n}, _("at most %(n)s") % {"n": limit}


def check_action_within(params, d, trace):
    """The first `action` happened within N working days of receipt (value "action:N")."""
    action, days = _parse_action(params.get("value"))
    limit = int(days or 0)
    done = [e for e in trace.events_of(d) if e.action == action]
    if d.received_at is None:
        return False, _("not received"), _("a received dossier")
    last_day = trace.calendar.add_working_days(_local_date(d.received_at), limit)
    if not done:
        return False, _("not done"), _("by %(date)s") % {"date": _d(last_day)}
    day = _local_date(done[0].sim_at)
    return day <= last_day, _d(day), _("by %(date)s") % {"date": _d(last_day)}


def check_due_date_shift(params, d, trace):
    """The due date moved on by exactly the working days of the pause (value: N)."""
    wanted = int(params.get("value") or 0)
    if not (d.due_date and d.original_due_date):
        return False, _("no due date"), _("+%(n)s working days") % {"n": wanted}
    shift = trace.calendar.working_days_between(d.original_due_date, d.due_date)
    return (
        shift == wanted,
        _("+%(n)s working days") % {"n": shift},
        _("+%(n)s working days") % {"n": wanted},
    )


def _apology(d, trace):
    signed = [e for e in trace.events_of(d) if e.action == Action.SIGN_APOLOGY]
    return signed[0] if signed else None


def check_apology_on_time(params, d, trace):
    """Mẫu 04 signed at the latest one working day before the (original) due date."""
    event = _apology(d, trace)
    due = d.original_due_date
    if due is None:
        return False, _("no due date"), _("an apology before the due date")
    latest = _previous_working_day(trace.calendar, due)
    if event is None:
        return False, _("no apology"), _("by %(date)s") % {"date": _d(latest)}
    day = _local_date(event.sim_at)
    return day <= latest, _d(day), _("by %(date)s") % {"date": _d(latest)}


def _previous_working_day(calendar: WorkingCalendar, day: datetime.date) -> datetime.date:
    day -= datetime.timedelta(days=1)
    while not calendar.is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


def check_apology_signer(params, d, trace):
    """Signed by the head of the agency, or a deputy on the head's behalf (correction 5)."""
    event = _apology(d, trace)
    if event is None:
        return False, _("no apology"), _("the head of the agency (or a deputy, KT.)")
    capacity = event.payload.get("signer_capacity", "")
    return (
        event.role == "LDK" and capacity in ("head", "deputy"),
        event.payload.get("signer_title") or capacity or event.role,
        _("the head of the agency (or a deputy, KT.)"),
    )


def check_apology_content(params, d, trace):
    """A reason and a new date after the original due date."""
    drafts = [e for e in trace.events_of(d) if e.action == Action.DRAFT_APOLOGY]
    if not drafts or _apology(d, trace) is None:
        return False, _("no apology"), _("a reason and a new date after the due date")
    payload = drafts[-1].payload
    new_date = d.apology_due_date
    ok = bool(str(payload.get("reason", "")).strip()) and bool(
        new_date and d.original_due_date and new_date > d.original_due_date
    )
    return (
        ok,
        _("new date %(date)s") % {"date": _d(new_date)},
        _("a reason and a new date after %(date)s") % {"date": _d(d.original_due_date)},
    )


def check_refusal_cites(params, d, trace):
    """A refusal (Mẫu 03 at the desk, or a drafted refusal) names every given ground:
    "a; b" needs both, "a|b" either."""
    needed = _values(params.get("value"))
    shown = [n.replace("|", " / ") for n in needed]
    texts = [
        f"{e.payload.get('reason', '')} {e.payload.get('legal_basis', '')}"
        for e in trace.events_of(d)
        if e.action in (Action.DESK_REFUSE, Action.DRAFT_REFUSAL)
    ]
    if not texts:
        return False, _("no written refusal"), "; ".join(shown)
    haystack = _fold(" ".join(texts))
    # "a|b": either phrase will do.
    missing = [
        s
        for n, s in zip(needed, shown, strict=True)
        if not any(_fold(alt.strip()) in haystack for alt in n.split("|"))
    ]
    return (
        not missing,
        _("missing: %(list)s") % {"list": "; ".join(missing)} if missing else _("all cited"),
        "; ".join(shown),
    )


def check_report_figure(params, d, trace):
    """The officer's figure for one II.06a column equals the report's (R-STAT)."""
    name = params.get("value") or ""
    expected = (trace.report or {}).get(name)
    given = trace.answers.get(name)
    return (
        given is not None and expected is not None and str(given) == str(expected),
        str(given) if given is not None else _("no answer"),
        str(expected),
    )


CHECKS: dict[str, Check] = {
    "status_in": Check(
        _("End status is one of"),
        check_status_in,
        _("value: statuses, ;-separated"),
        value_kind="statuses",
    ),
    "status_not_in": Check(_("End status is not"), check_status_not_in, value_kind="statuses"),
    "artefact_exists": Check(
        _("Document issued"), check_artefact_exists, _("value: mau_01…"), value_kind="artefact"
    ),
    "artefact_absent": Check(
        _("Document not issued"), check_artefact_absent, value_kind="artefact"
    ),
    "single_artefact": Check(
        _("Exactly one document of a kind"), check_single_artefact, value_kind="artefact"
    ),
    "supplement_lists_all": Check(
        _("The supplement request lists every deficient paper"), check_supplement_lists_all
    ),
    "text_excludes": Check(_("Nothing outside the card is asked for"), check_text_excludes),
    "components_truthful": Check(
        _("No missing or defective paper accepted as present"), check_components_truthful
    ),
    "due_date": Check(_("Appointment date equals the calculation"), check_due_date),
    "fee": Check(_("Fee charged equals the formula"), check_fee, value_kind="int_or_empty"),
    "transferred_to": Check(_("Transferred to the competent unit"), check_transferred_to),
    "transfer_timely": Check(_("Transferred in time"), check_transfer_timely),
    "action_done": Check(
        _("Action done"), check_action_done, _("value: action[:role]"), value_kind="action"
    ),
    "action_not_done": Check(_("Action not done"), check_action_not_done, value_kind="action"),
    "action_count_at_most": Check(
        _("Action done at most N times"),
        check_action_count_at_most,
        value_kind="action",
        needs_limit=True,
    ),
    "action_within": Check(
        _("Action within N working days of receipt"),
        check_action_within,
        _("value: action:N"),
        value_kind="action_days",
    ),
    "due_date_shift": Check(
        _("Due date moved on by the pause"), check_due_date_shift, value_kind="int"
    ),
    "apology_on_time": Check(
        _("Apology at the latest one working day before the due date"), check_apology_on_time
    ),
    "apology_signer": Check(_("Apology signed by the head of the agency"), check_apology_signer),
    "apology_content": Check(_("Apology gives a reason and one new date"), check_apology_content),
    "refusal_cites": Check(_("Refusal cites its legal grounds"), check_refusal_cites),
    "report_figure": Check(
        _("Report figure"), check_report_figure, per_dossier=False, value_kind="report_field"
    ),
}

CHECK_CHOICES = [(key, check.label) for key, check in CHECKS.items()]


# ---------------------------------------------------------------------------------------
# Assessment
# ---------------------------------------------------------------------------------------


@dataclass
class CriterionResult:
    key: str
    title: str
    rule: str
    requirement: str
    legal_basis: str
    kind: str
    weight: str
    points: str
    passed: bool
    critical: bool
    warning: bool
    observed: str
    expected: str
    feedback: str
    dossiers: list[str]


@dataclass
class Assessment:
    score: Decimal
    points: Decimal
    max_points: Decimal
    passed: bool
    critical_failures: list[str]
    criteria: list[CriterionResult]

    def as_dict(self) -> dict[str, Any]:
        return {
            "score": str(self.score),
            "points": str(self.points),
            "max_points": str(self.max_points),
            "passed": self.passed,
            "critical_failures": self.critical_failures,
            "criteria": [asdict(c) for c in self.criteria],
        }


def _run(check: Check, params: dict, dossier, trace: Trace) -> tuple[bool, str, str]:
    """A check's outcome; a criterion whose parameters cannot be read (a rubric saved
    before they were validated) fails with a message instead of failing the submission."""
    try:
        return check.run(params, dossier, trace)
    except (ValueError, TypeError, KeyError, ArithmeticError):
        return False, _("this criterion cannot be graded as written"), "—"


def assess(spec: dict, trace: Trace) -> Assessment:
    """Grade `trace` against the rubric of `spec` (a frozen scenario version)."""
    results = []
    points = max_points = Decimal("0")
    critical_failures = []
    for criterion in spec["rubric"]:
        check = CHECKS[criterion["check"]]
        weight = Decimal(str(criterion["weight"]))
        warning = bool(criterion.get("warning"))
        params = {k: criterion.get(k) for k in ("value", "date", "limit")}
        if check.per_dossier:
            targets = trace.targets(criterion.get("dossier", ""))
            outcomes = [(d, *_run(check, params, d, trace)) for d in targets]
            passed = bool(outcomes) and all(ok for _d, ok, _o, _e in outcomes)
            failing = [o for o in outcomes if not o[1]] or outcomes
            observed = "; ".join(
                f"{o[0].code or o[0].label}: {o[2]}" if len(outcomes) > 1 else o[2]
                for o in failing[:5]
            )
            expected = failing[0][3] if failing else ""
            codes = [d.code for d, *_rest in outcomes]
        else:
            passed, observed, expected = _run(check, params, None, trace)
            codes = []
        if not warning:
            max_points += weight
            if passed:
                points += weight
        if not passed and criterion.get("critical"):
            critical_failures.append(criterion["key"])
        rule = RULES.get(criterion["rule"])
        results.append(
            CriterionResult(
                key=criterion["key"],
                title=criterion["title"],
                rule=criterion["rule"],
                requirement=str(rule.requirement) if rule else "",
                legal_basis=criterion.get("legal_basis") or (rule.legal_basis if rule else ""),
                kind=criterion.get("kind", ""),
                weight=str(weight),
                points=str(weight if passed and not warning else Decimal("0")),
                passed=passed,
                critical=bool(criterion.get("critical")),
                warning=warning,
                observed=observed,
                expected=expected,
                feedback="" if passed else criterion.get("feedback", ""),
                dossiers=codes,
            )
        )
    score = (
        (points * 100 / max_points).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        if max_points
        else Decimal("0.00")
    )
    passed = not critical_failures and score >= Decimal(spec["pass_mark"])
    return Assessment(score, points, max_points, passed, critical_failures, results)
