"""The replay of an attempt: what the officer did, on the simulated timeline, beside the
expected path of the scenario, with the first divergence found.

`load_replay(attempt)` reads the events in one query whatever the length of the trace;
`build_replay(...)` is a pure function of those rows, the dossier labels and the expected
path, easy to test.

The comparison works on the officer's own steps as (dossier label, action) pairs. It leaves
out what is not a step of the procedure (notes, opening an attachment) and counts a run of
component checks on one dossier as one step ("check the papers"), whatever the number of
papers. The first position where that sequence and the expected path differ is the first
divergence; stopping before the end of the expected path counts (a missing step), and so
does going on after it (an extra step).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from itertools import zip_longest

from django.db.models import Q
from django.utils.formats import date_format, number_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from ..models import ComponentState, DossierEvent
from ..workflow import Action, ActorRole

# Not steps of the procedure: left out of the comparison (still shown on the timeline).
IGNORED_ACTIONS = frozenset({Action.ADD_NOTE, Action.OPEN_ATTACHMENT})
TEXT_KEYS = ("reason", "legal_basis", "note", "text", "summary", "reply", "request")
TEXT_LENGTH = 140


@dataclass
class TimelineEntry:
    """One event of the attempt's workspace, ready to show."""

    id: int
    sim_at: datetime.datetime
    role: str
    role_label: str
    action: str
    action_label: str
    dossier_id: int
    dossier_label: str
    dossier_code: str
    actor_name: str
    scripted: bool
    details: list[str] = field(default_factory=list)
    # Position (0-based) in the officer's compared sequence; None when not compared
    # (scripted, a note, an opened attachment, a repeated component check).
    step: int | None = None
    repeat: bool = False
    diverges: bool = False

    @property
    def step_number(self) -> int | None:
        return None if self.step is None else self.step + 1


@dataclass
class ExpectedStep:
    number: int
    dossier: str
    role: str
    role_label: str
    action: str
    action_label: str
    note: str
    # "done": the officer did this step at this point; "diverges": the first divergence;
    # "not_reached": after the divergence (not compared).
    state: str = "not_reached"

    @property
    def key(self) -> tuple[str, str]:
        return (self.dossier, self.action)


@dataclass
class Divergence:
    index: int
    expected: ExpectedStep | None
    actual: TimelineEntry | None

    @property
    def kind(self) -> str:
        """ "missing": the officer stopped before this expected step; "extra": the officer
        went on after the end of the path; "different": they did something else."""
        if self.actual is None:
            return "missing"
        if self.expected is None:
            return "extra"
        return "different"

    @property
    def number(self) -> int:
        return self.index + 1


@dataclass
class Replay:
    timeline: list[TimelineEntry]
    expected: list[ExpectedStep]
    divergence: Divergence | None
    steps: list[TimelineEntry]

    @property
    def matched(self) -> int:
        """How many steps of the expected path the officer followed before diverging."""
        return self.divergence.index if self.divergence else len(self.expected)


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _day(value) -> str:
    try:
        day = datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return date_format(day, "d/m/Y")


def _money(value) -> str:
    try:
        return number_format(int(value), force_grouping=True)
    except (TypeError, ValueError):
        return str(value)


def event_details(action: str, payload: dict) -> list[str]:
    """The key facts of an event's payload in words: dates, amounts, units, papers."""
    payload = payload or {}
    details = []
    if payload.get("name") and action in (Action.CHECK_COMPONENT, Action.UPLOAD_COMPONENT):
        state = payload.get("state")
        details.append(
            f"{payload['name']}: {_label(ComponentState, state)}" if state else payload["name"]
        )
    if payload.get("items"):
        names = [i.get("name", "") if isinstance(i, dict) else str(i) for i in payload["items"]]
        details.append(_("Papers asked for: %(list)s") % {"list": "; ".join(n for n in names if n)})
    if action in (Action.DESK_ACCEPT, Action.CITIZEN_SUPPLEMENT) and payload.get("due_date"):
        details.append(_("Appointment date: %(date)s") % {"date": _day(payload["due_date"])})
    if payload.get("extension_working_days"):
        details.append(
            _("Extension: %(n)s working days") % {"n": payload["extension_working_days"]}
        )
    if action == Action.DESK_ACCEPT and payload.get("fee_amount") is not None:
        details.append(_("Fee: %(amount)s VND") % {"amount": _money(payload["fee_amount"])})
    if payload.get("to_unit_name") or (action == Action.TRANSFER and payload.get("to_unit")):
        details.append(
            _("To: %(unit)s") % {"unit": payload.get("to_unit_name") or payload["to_unit"]}
        )
    if payload.get("specialist") and action == Action.ASSIGN:
        details.append(_("Specialist: %(name)s") % {"name": payload["specialist"]})
    if payload.get("new_date"):
        details.append(_("New appointment date: %(date)s") % {"date": _day(payload["new_date"])})
    if payload.get("signer_name") and action in (Action.SIGN, Action.SIGN_APOLOGY):
        details.append(_("Signed by: %(name)s") % {"name": payload["signer_name"]})
    if payload.get("paused_working_days"):
        details.append(_("Paused: %(n)s working days") % {"n": payload["paused_working_days"]})
    for key in TEXT_KEYS:
        if payload.get(key) and isinstance(payload[key], str):
            details.append(Truncator(payload[key]).chars(TEXT_LENGTH))
    return details


def officer_steps(timeline: list[TimelineEntry]) -> list[TimelineEntry]:
    """The officer's steps to compare, in order; marks each entry's `step` (and `repeat`
    for a component check that continues a run of checks on the same dossier)."""
    steps: list[TimelineEntry] = []
    previous: TimelineEntry | None = None
    for entry in timeline:
        if entry.scripted or entry.action in IGNORED_ACTIONS:
            continue
        if (
            previous is not None
            and entry.action == Action.CHECK_COMPONENT
            and previous.action == Action.CHECK_COMPONENT
            and entry.dossier_id == previous.dossier_id
        ):
            entry.step, entry.repeat = previous.step, True
        else:
            entry.step = len(steps)
            steps.append(entry)
        previous = entry
    return steps


def build_replay(
    *, events: list[dict], labels: dict[int, str], expected_path: list[dict]
) -> Replay:
    """The replay from event rows (keys: id, dossier_id, dossier__code, action, role,
    actor_id, actor_name, payload, sim_at; ordered by simulated time), the attempt's
    dossier labels (dossier id → label) and the scenario's expected path (dossier, role,
    action, note). Events by no user (actor_id None) are the scenario's own: shown, never
    compared."""
    timeline = [
        TimelineEntry(
            id=row["id"],
            sim_at=row["sim_at"],
            role=row["role"],
            role_label=_label(ActorRole, row["role"]),
            action=row["action"],
            action_label=_label(Action, row["action"]),
            dossier_id=row["dossier_id"],
            dossier_label=labels.get(row["dossier_id"], ""),
            dossier_code=row.get("dossier__code") or "",
            actor_name=row.get("actor_name") or "",
            scripted=row["actor_id"] is None,
            details=event_details(row["action"], row.get("payload") or {}),
        )
        for row in events
    ]
    expected = [
        ExpectedStep(
            number=n,
            dossier=step.get("dossier") or "",
            role=step.get("role") or "",
            role_label=_label(ActorRole, step.get("role") or ""),
            action=step.get("action") or "",
            action_label=_label(Action, step.get("action") or ""),
            note=step.get("note") or "",
        )
        for n, step in enumerate(expected_path, start=1)
    ]
    steps = officer_steps(timeline)
    divergence = None
    for index, (wanted, done) in enumerate(zip_longest(expected, steps)):
        if wanted is None or done is None or wanted.key != (done.dossier_label, done.action):
            divergence = Divergence(index, wanted, done)
            break
        wanted.state = "done"
    if divergence is not None:
        if divergence.expected is not None:
            divergence.expected.state = "diverges"
        if divergence.actual is not None:
            for entry in timeline:
                if entry.step == divergence.index:
                    entry.diverges = True
    return Replay(timeline=timeline, expected=expected, divergence=divergence, steps=steps)


def load_replay(attempt) -> Replay:
    """The replay of `attempt` in one query. Scenario events from before the simulated
    clock started (the seeding, a generated history) are left out; the scripted actors'
    events during the attempt are shown."""
    spec = attempt.version.spec
    labels = {pk: label for label, pks in (attempt.dossier_map or {}).items() for pk in pks}
    events: list[dict] = []
    if attempt.workspace_id:
        from .services import attempt_clock_start

        start = attempt_clock_start(attempt)
        events = list(
            DossierEvent.objects.filter(workspace_id=attempt.workspace_id)
            .filter(Q(actor__isnull=False) | Q(sim_at__gte=start))
            .order_by("sim_at", "id")
            .values(
                "id",
                "dossier_id",
                "dossier__code",
                "action",
                "role",
                "actor_id",
                "actor_name",
                "payload",
                "sim_at",
            )
        )
    return build_replay(events=events, labels=labels, expected_path=spec["expected_path"])
