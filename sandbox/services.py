"""Every write of the sandbox: workspaces and their clock, dossier creation, and the one
state-machine service `dossier_transition`.

Callers (the role screens, the demo, the assessment's scenario builder) load objects through
the permission-scoped querysets (`Workspace.objects.visible_to`, `Dossier.objects.visible_to`)
and call one of these functions; a `SandboxError` carries a translated message for the
user (and the payload field it is about, if any), and nothing has been written when one is
raised.

`dossier_transition(dossier=…, action=…, actor=…, role=…, payload=…, expected_version=…)`:

1. locks the dossier row (`select_for_update`) inside one transaction;
2. checks that `actor` may act in the workspace, that the dossier is still at
   `expected_version` (else `DossierChanged`: someone acted in between), that the action may
   start from the current status and that `role` may perform it (`sandbox.workflow`);
3. validates the payload and applies the action's effects (due dates, pauses, fees, drafts,
   consultations, issued documents);
4. appends the `DossierEvent` (actor, role, action, from/to status, cleaned payload and
   derived values, simulated and real time) and saves the dossier with `version + 1`.

Payload keys per action are listed in `PAYLOAD_KEYS`; free text is cleaned to plain text
(`sandbox.sanitise.clean_text`). Simulated time is the workspace clock (`Workspace.now`); the
real time is `timezone.now()`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from training.people.models import Officer, Unit

from . import artefacts
from .calendar import VN_TZ, WorkingCalendar
from .codes import CodeError, allocate_dossier_code, next_yearly_number
from .fees import FeeStatus, PaymentMethod, compute_fee, simulated_payment
from .models import (
    ApplicantKind,
    Artefact,
    ArtefactKind,
    Channel,
    ComponentState,
    Consultation,
    CounterKind,
    Delivery,
    Dossier,
    DossierComponent,
    DossierEvent,
    DossierPause,
    PartnerAgency,
    PauseKind,
    Procedure,
    ResultType,
    Workspace,
)
from .procedures import CardRules, Tier, appointment_time, compute_appointment
from .sanitise import clean_text, validate_upload
from .workflow import TRANSITIONS, Action, ActorRole, Status, Transition

# A Monday inside Profile B, after the 09/01/2025 change for certified copies.
DEFAULT_CLOCK_START = datetime(2025, 3, 3, 8, 0, tzinfo=VN_TZ)
DISTRICT_DESK_UNIT = "vp"  # the district one-stop desk sits under Văn phòng HĐND-UBND (§2.1)
SYSTEM_NAME = "Hệ thống"


class SandboxError(Exception):
    """A user-facing refusal: `message` is translated, `field` names the payload key."""

    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class WorkspaceForbidden(SandboxError):
    code = "forbidden"


class DossierChanged(SandboxError):
    code = "changed"


class ActionNotAllowed(SandboxError):
    code = "status"


class RoleNotAllowed(SandboxError):
    code = "role"


class WorkspaceClosed(SandboxError):
    code = "closed"


class InvalidPayload(SandboxError):
    code = "payload"


# Sent inside the transaction after a transition or a clock move in a `scripted` workspace;
# practice scenarios answer with their scripted actors and their simulated deadline.
workspace_changed = Signal()


# ---------------------------------------------------------------------------------------
# Workspaces and the simulated clock
# ---------------------------------------------------------------------------------------


def workspace_create(
    *,
    title: str,
    owner=None,
    now: datetime | None = None,
    seed: int = 0,
    rule_profile: str = "B",
) -> Workspace:
    """A new workspace whose clock starts at `now` (default: Monday 03/03/2025 08:00)."""
    title = clean_text(title, max_length=200)
    if not title:
        raise SandboxError(_("Give the workspace a title."), field="title")
    start = now or DEFAULT_CLOCK_START
    if timezone.is_naive(start):
        raise SandboxError(_("The clock must be given with its time zone."), field="now")
    return Workspace.objects.create(
        owner=owner, title=title, now=start, seed=seed, rule_profile=rule_profile
    )


@transaction.atomic
def workspace_advance_clock(
    *, workspace: Workspace, hours: int = 0, days: int = 0, working_days: int = 0
) -> Workspace:
    """Move the workspace clock forward by whole hours, calendar days and/or working days
    (working days keep the time of day). The clock never goes back."""
    for name, value in (("hours", hours), ("days", days), ("working_days", working_days)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise SandboxError(_("Give a whole number of zero or more."), field=name)
    if not (hours or days or working_days):
        raise SandboxError(_("Move the clock by at least one hour or one day."))
    locked = Workspace.objects.select_for_update().get(pk=workspace.pk)
    if locked.closed_at is not None:
        raise WorkspaceClosed(
            _("This practice has been submitted for assessment; nothing in it can change now.")
        )
    now = locked.now.astimezone(VN_TZ) + timedelta(days=days, hours=hours)
    if working_days:
        calendar = WorkingCalendar.for_profile(locked.rule_profile)
        day = calendar.add_working_days(now.date(), working_days)
        now = datetime.combine(day, now.timetz())
    locked.now = now
    locked.save(update_fields=["now"])
    workspace.now = locked.now
    if locked.scripted:
        workspace_changed.send(sender=Workspace, workspace=locked)
    workspace.closed_at = locked.closed_at
    return locked


@transaction.atomic
def workspace_set_clock(*, workspace: Workspace, to: datetime) -> Workspace:
    """Set the workspace clock to `to`, which may not be earlier than the current time."""
    if timezone.is_naive(to):
        raise SandboxError(_("The clock must be given with its time zone."), field="to")
    locked = Workspace.objects.select_for_update().get(pk=workspace.pk)
    if to < locked.now:
        raise SandboxError(_("The simulated clock cannot go back in time."), field="to")
    locked.now = to
    locked.save(update_fields=["now"])
    workspace.now = locked.now
    return locked


# ---------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------


def _check_actor(*, workspace: Workspace, actor, role: str) -> None:
    if role not in ActorRole.values:
        raise RoleNotAllowed(_("Unknown role."), field="role")
    if workspace.closed_at is not None:
        raise WorkspaceClosed(
            _("This practice has been submitted for assessment; nothing in it can change now.")
        )
    if actor is None:
        return
    if role == ActorRole.SYS:
        raise RoleNotAllowed(_("Only the system itself acts as the system role."))
    if not Workspace.objects.actable_by(actor).filter(pk=workspace.pk).exists():
        raise WorkspaceForbidden(_("You cannot act in this workspace."))
    if workspace.scripted and workspace.owner_id != actor.pk:
        # An exercise is graded on its trace: only the officer doing it may act in it.
        raise WorkspaceForbidden(_("Only the officer doing this exercise can act in it."))
    if workspace.allowed_roles and role not in workspace.role_list:
        raise RoleNotAllowed(
            _("In this exercise you play: %(roles)s. Other actors are simulated.")
            % {"roles": ", ".join(str(ActorRole(r).label) for r in workspace.role_list)},
            field="role",
        )


def _actor_name(actor, given: str | None) -> str:
    if given:
        return clean_text(given, max_length=200)
    if actor is None:
        return SYSTEM_NAME
    officer = Officer.objects.filter(user=actor).values_list("full_name", flat=True).first()
    return officer or actor.get_full_name() or actor.get_username()


def _text(payload: dict, key: str, *, required: bool = False, max_length: int = 2000) -> str:
    value = clean_text(payload.get(key), max_length=max_length)
    if required and not value:
        raise InvalidPayload(_("This field is required."), field=key)
    return value


def _int(payload: dict, key: str, *, default: int | None = None, minimum: int = 0) -> int | None:
    value = payload.get(key, default)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise InvalidPayload(_("Enter a whole number."), field=key) from None
    if number < minimum:
        raise InvalidPayload(_("Enter a number of at least %(min)s.") % {"min": minimum}, field=key)
    return number


def _date(payload: dict, key: str) -> date:
    value = payload.get(key)
    if isinstance(value, datetime):
        return value.astimezone(VN_TZ).date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except (TypeError, ValueError):
        raise InvalidPayload(_("Enter a valid date."), field=key) from None


def _bool(payload: dict, key: str) -> bool:
    value = payload.get(key, False)
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


def _fee_params(payload: dict) -> dict:
    return {
        "copies": _int(payload, "copies", default=1, minimum=1),
        "pages": _int(payload, "pages", default=1, minimum=1),
        "cases": _int(payload, "cases", default=1, minimum=1),
    }


def _apply_fee(dossier: Dossier, card: CardRules, params: dict) -> None:
    quote = compute_fee(card, **params)
    dossier.fee_amount = quote.amount
    dossier.fee_lines = [line.as_dict() for line in quote.lines]
    dossier.fee_status = FeeStatus.UNPAID if quote.amount else FeeStatus.NOT_REQUIRED


# ---------------------------------------------------------------------------------------
# Creating a dossier
# ---------------------------------------------------------------------------------------

CREATION_ACTIONS = {
    Channel.ONLINE: Action.CREATE_DRAFT,
    Channel.DESK: Action.DESK_INTAKE,
    Channel.POST: Action.POST_INTAKE,
}


@transaction.atomic
def dossier_create(
    *,
    workspace: Workspace,
    procedure: Procedure,
    channel: str,
    actor,
    role: str,
    applicant: dict[str, Any],
    receiving_unit: Unit | None = None,
    request_summary: str = "",
    delivery: str = Delivery.DESK,
    delivery_address: str = "",
    fee_params: dict[str, int] | None = None,
    component_states: dict[int, str] | None = None,
    actor_name: str | None = None,
) -> Dossier:
    """Start a dossier: an online draft (CD), a paper dossier at the desk (TN/TBP) or a
    dossier received by post (TN/TBP). Desk and postal dossiers get their code at once;
    an online draft gets it when submitted.

    `applicant`: name, id_number, address (required), phone, email, birth_date, kind,
    is_proxy, proxy_name, proxy_id_number, proxy_relationship, authorisation.
    `receiving_unit`: the ward for ward-level procedures (required then), by default the
    district desk for district ones; a desk may take in a dossier of the wrong tier (the
    exercise is to refuse it), an online submission always goes to the card's desk.
    `component_states`: card component id → `ComponentState` for papers already checked.
    """
    if channel not in CREATION_ACTIONS:
        raise InvalidPayload(_("Choose how the dossier is submitted."), field="channel")
    transition = TRANSITIONS[CREATION_ACTIONS[channel]]
    # Lock the workspace (same order as `dossier_transition`) and read its current state.
    locked = Workspace.objects.select_for_update().get(pk=workspace.pk)
    workspace.closed_at, workspace.scripted = locked.closed_at, locked.scripted
    _check_actor(workspace=workspace, actor=actor, role=role)
    if workspace.scripted and actor is not None:
        raise WorkspaceForbidden(
            _("In an exercise the dossiers come from the scenario; no new dossier can be added.")
        )
    if role not in transition.roles:
        raise RoleNotAllowed(_("Your role cannot start a dossier this way."), field="role")
    now = workspace.now
    version = Procedure.objects.version_in_force(
        procedure.code, now.astimezone(VN_TZ).date(), workspace.rule_profile
    )
    if version is None:
        raise InvalidPayload(
            _("This procedure is not in force on the workspace's date."), field="procedure"
        )
    if channel == Channel.ONLINE and not version.online:
        raise InvalidPayload(
            _("This procedure is not offered online; submit it at the desk."), field="channel"
        )
    receiving_unit = _receiving_unit(version, channel, receiving_unit)
    snapshot = version.snapshot()
    card = CardRules.from_snapshot(snapshot)
    data = _applicant(applicant)
    level = version.level
    if delivery not in Delivery.values:
        raise InvalidPayload(_("Choose how the result is delivered."), field="delivery")
    if delivery == Delivery.ONLINE and not (channel == Channel.ONLINE and level == 4):
        raise InvalidPayload(
            _("Online delivery of the result is only offered for level 4 online dossiers."),
            field="delivery",
        )
    delivery_address = clean_text(delivery_address, max_length=300)
    if delivery == Delivery.POST and not (delivery_address or data["applicant_address"]):
        raise InvalidPayload(_("Give the postal address."), field="delivery_address")
    dossier = Dossier(
        workspace=workspace,
        procedure=version,
        rules=snapshot,
        status=transition.target,
        version=1,
        channel=channel,
        level=level,
        receiving_unit=receiving_unit,
        request_summary=clean_text(request_summary),
        sets_count=card.sets_count,
        delivery=delivery,
        delivery_address=delivery_address
        or (data["applicant_address"] if delivery == "post" else ""),
        **data,
    )
    _apply_fee(dossier, card, _fee_params(fee_params or {}))
    if channel != Channel.ONLINE:
        dossier.submitted_at = now
        dossier.code = _code(workspace, receiving_unit, now)
    dossier.save()
    states = component_states or {}
    components = []
    for position, rule in enumerate(card.components):
        state = states.get(rule.id, ComponentState.MISSING)
        if state not in ComponentState.values:
            raise InvalidPayload(_("Unknown component state."), field="component_states")
        components.append(
            DossierComponent(
                workspace=workspace,
                dossier=dossier,
                component_id=rule.id,
                position=position,
                name=rule.name,
                form=rule.form,
                count=rule.count,
                mandatory=rule.mandatory,
                condition=rule.condition,
                state=state,
            )
        )
    DossierComponent.objects.bulk_create(components)
    DossierEvent.objects.create(
        workspace=workspace,
        dossier=dossier,
        version=1,
        action=transition.action,
        role=role,
        actor=actor,
        actor_name=_actor_name(actor, actor_name),
        from_status="",
        to_status=dossier.status,
        payload={
            "procedure_id": version.pk,
            "procedure_code": version.code,
            "channel": channel,
            "receiving_unit": receiving_unit.code,
            "code": dossier.code,
            "fee_amount": dossier.fee_amount,
            "delivery": delivery,
        },
        sim_at=now,
    )
    return dossier


def _receiving_unit(procedure: Procedure, channel: str, unit: Unit | None) -> Unit:
    if procedure.receiving_tier == Tier.DISTRICT:
        district_desk = Unit.objects.get(code=DISTRICT_DESK_UNIT)
        if unit is None or channel == Channel.ONLINE:
            return district_desk
        return unit
    if unit is None or (channel == Channel.ONLINE and unit.kind != Unit.Kind.WARD):
        raise InvalidPayload(
            _("Choose the ward that receives the dossier."), field="receiving_unit"
        )
    return unit


def _applicant(applicant: dict[str, Any]) -> dict[str, Any]:
    data = {
        "applicant_name": clean_text(applicant.get("name"), max_length=200),
        "applicant_id_number": clean_text(applicant.get("id_number"), max_length=30),
        "applicant_address": clean_text(applicant.get("address"), max_length=300),
        "applicant_phone": clean_text(applicant.get("phone"), max_length=20),
        "applicant_email": clean_text(applicant.get("email"), max_length=254),
        "applicant_kind": applicant.get("kind") or ApplicantKind.CITIZEN,
        "is_proxy": bool(applicant.get("is_proxy")),
        "proxy_name": clean_text(applicant.get("proxy_name"), max_length=200),
        "proxy_id_number": clean_text(applicant.get("proxy_id_number"), max_length=30),
        "proxy_relationship": clean_text(applicant.get("proxy_relationship"), max_length=100),
        "authorisation": clean_text(applicant.get("authorisation"), max_length=300),
        "applicant_birth_date": None,
    }
    if applicant.get("birth_date"):
        data["applicant_birth_date"] = _date(applicant, "birth_date")
    for key, field_name in (
        ("applicant_name", "name"),
        ("applicant_id_number", "id_number"),
        ("applicant_address", "address"),
    ):
        if not data[key]:
            raise InvalidPayload(_("This field is required."), field=field_name)
    if data["applicant_kind"] not in ApplicantKind.values:
        raise InvalidPayload(_("Unknown applicant kind."), field="kind")
    if data["is_proxy"] and not data["proxy_name"]:
        raise InvalidPayload(_("Give the proxy's name."), field="proxy_name")
    if data["applicant_email"]:
        from django.core.validators import validate_email

        try:
            validate_email(data["applicant_email"])
        except ValidationError:
            raise InvalidPayload(_("Enter a valid email address."), field="email") from None
    return data


def _code(workspace: Workspace, unit: Unit, at: datetime) -> str:
    try:
        return allocate_dossier_code(workspace=workspace, unit=unit, received_at=at)
    except CodeError as exc:
        raise SandboxError(str(exc)) from exc


# ---------------------------------------------------------------------------------------
# The state machine
# ---------------------------------------------------------------------------------------


@dataclass
class _Context:
    dossier: Dossier
    transition: Transition
    role: str
    actor: Any
    actor_name: str
    payload: dict
    now: datetime
    upload: Any = None
    target: str | None = None
    record: dict = field(default_factory=dict)
    issue: list[tuple[str, str, dict]] = field(default_factory=list)
    _calendar: WorkingCalendar | None = None

    @property
    def calendar(self) -> WorkingCalendar:
        if self._calendar is None:
            self._calendar = WorkingCalendar.for_profile(self.dossier.workspace.rule_profile)
        return self._calendar

    @property
    def today(self) -> date:
        return self.now.astimezone(VN_TZ).date()

    @property
    def card(self) -> CardRules:
        return self.dossier.card

    def number(self, kind: str, unit: Unit | None = None) -> int:
        number, _year = next_yearly_number(
            workspace=self.dossier.workspace,
            unit=unit or self.dossier.receiving_unit,
            kind=kind,
            at=self.now,
        )
        return number


def dossier_transition(
    *,
    dossier: Dossier,
    action: str,
    actor,
    role: str,
    payload: dict[str, Any] | None = None,
    expected_version: int | None,
    upload=None,
    actor_name: str | None = None,
    at: datetime | None = None,
) -> DossierEvent:
    """Perform `action` on `dossier` as `role` (see the module docstring).

    `expected_version` is the `Dossier.version` the caller displayed; pass None only from
    scripts that just loaded the dossier. `upload` is the file of `upload_component`.
    `actor` None means the system or a script acting under `actor_name`; such an actor may
    give `at`, the simulated moment it acted (not after the workspace clock), so that a
    scripted reply due on Wednesday is dated Wednesday even if the clock was moved on to
    Friday in one step. Returns the new event; the passed `dossier` instance is updated in
    place.
    """
    if action not in TRANSITIONS:
        raise ActionNotAllowed(_("Unknown action."))
    transition = TRANSITIONS[action]
    with transaction.atomic():
        # The workspace row first, then the dossier: one lock order everywhere (the clock,
        # a submission and every transition of a workspace queue behind each other), so a
        # submission cannot close the workspace while an action slips in, and nothing
        # deadlocks.
        workspace = Workspace.objects.select_for_update().get(pk=dossier.workspace_id)
        locked = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("receiving_unit", "handling_unit")
            .get(pk=dossier.pk)
        )
        locked.workspace = workspace
        _check_actor(workspace=workspace, actor=actor, role=role)
        if expected_version is not None and locked.version != expected_version:
            raise DossierChanged(
                _(
                    "This dossier has changed since you opened it (someone else acted on it). "
                    "Reload it and try again."
                )
            )
        if transition.creates or locked.status not in transition.sources:
            raise ActionNotAllowed(
                _("“%(action)s” is not possible while the dossier is “%(status)s”.")
                % {"action": transition.action.label, "status": Status(locked.status).label}
            )
        if role not in transition.roles:
            raise RoleNotAllowed(
                _("The role “%(role)s” cannot do “%(action)s”.")
                % {"role": ActorRole(role).label, "action": transition.action.label}
            )
        ctx = _Context(
            dossier=locked,
            transition=transition,
            role=role,
            actor=actor,
            actor_name=_actor_name(actor, actor_name),
            payload=dict(payload or {}),
            # Scripted actors (actor None) may act at the moment they were due, which the
            # clock may already have passed; never later than the clock.
            now=min(at, workspace.now) if at is not None and actor is None else workspace.now,
            upload=upload,
            target=transition.target,
        )
        HANDLERS[action](ctx)
        from_status = locked.status
        if ctx.target is not None:
            locked.status = ctx.target
        locked.version += 1
        locked.save()
        event = DossierEvent.objects.create(
            workspace=workspace,
            dossier=locked,
            version=locked.version,
            action=action,
            role=role,
            actor=actor,
            actor_name=ctx.actor_name,
            from_status=from_status,
            to_status=locked.status,
            payload=ctx.record,
            sim_at=ctx.now,
        )
        try:
            Artefact.objects.bulk_create(
                Artefact(
                    workspace=workspace,
                    dossier=locked,
                    event=event,
                    kind=kind,
                    number=number,
                    content=content,
                    issued_at=ctx.now,
                )
                for kind, number, content in ctx.issue
            )
        except IntegrityError:
            # Only the one-apology constraint can fail here; the whole transaction is
            # rolled back with this error, so nothing is written.
            raise InvalidPayload(_("A dossier can have only one apology (Mẫu 04).")) from None
        if workspace.scripted:
            # Scripted actors (practice scenarios) answer in the same transaction.
            workspace_changed.send(sender=Workspace, workspace=workspace)
    for name in (f.attname for f in Dossier._meta.concrete_fields):
        setattr(dossier, name, getattr(locked, name))
    dossier._state.fields_cache.clear()
    event.dossier = dossier
    return event


# --- Reception ---------------------------------------------------------------------------


def _component(ctx: _Context, key: str = "component") -> DossierComponent:
    component_id = _int(ctx.payload, key)
    if component_id is None:
        raise InvalidPayload(_("Choose a component."), field=key)
    component = DossierComponent.objects.filter(dossier=ctx.dossier, pk=component_id).first()
    if component is None:
        raise InvalidPayload(_("This component is not part of the dossier."), field=key)
    return component


def _submit_online(ctx: _Context) -> None:
    d = ctx.dossier
    d.submitted_at = ctx.now
    d.code = _code(d.workspace, d.receiving_unit, ctx.now)
    ctx.record.update({"code": d.code})
    ctx.issue.append(
        (
            ArtefactKind.NOTICE,
            "",
            artefacts.build_notice(
                d,
                at=ctx.now,
                title="THÔNG BÁO TIẾP NHẬN HỒ SƠ TRỰC TUYẾN",
                text=(
                    f"Hồ sơ {d.code} đã được gửi lúc {artefacts.vn_time(ctx.now)}. Bộ phận Tiếp "
                    "nhận và Trả kết quả sẽ kiểm tra và thông báo việc tiếp nhận hoặc yêu cầu "
                    "bổ sung."
                ),
            ),
        )
    )


def _upload_component(ctx: _Context) -> None:
    component = _component(ctx)
    if ctx.upload is None:
        raise InvalidPayload(_("Choose a file to upload."), field="file")
    try:
        name = validate_upload(ctx.upload)
    except ValidationError as exc:
        raise InvalidPayload(exc.messages[0], field="file") from None
    component.file.save(name, ctx.upload, save=False)
    component.state = ComponentState.PRESENT
    component.uploaded_at = ctx.now
    component.save(update_fields=["file", "state", "uploaded_at"])
    ctx.record.update(
        {"component": component.pk, "name": component.name, "file": component.file.name}
    )


def _check_component(ctx: _Context) -> None:
    component = _component(ctx)
    state = ctx.payload.get("state")
    if state not in ComponentState.values or state == ComponentState.UNCHECKED:
        raise InvalidPayload(_("Choose the state of the component."), field="state")
    if state == ComponentState.NOT_APPLICABLE and component.mandatory and not component.condition:
        raise InvalidPayload(
            _("A mandatory component cannot be marked “not required”."), field="state"
        )
    component.state = state
    # An empty note keeps what was noted before (in exercises: what the applicant handed over).
    component.note = _text(ctx.payload, "note", max_length=500) or component.note
    component.save(update_fields=["state", "note"])
    ctx.record.update(
        {"component": component.pk, "name": component.name, "state": state, "note": component.note}
    )


def _supplement_items(ctx: _Context) -> list[dict]:
    """The papers a Mẫu 02 asks for: those listed in the payload (`items`: component ids,
    or dicts with `component` and `reason`), or by default every component the check marked
    missing or defective. Only papers of the card may be asked for (NĐ 61/2018 Điều 5:
    asking for papers beyond those prescribed is prohibited)."""
    components = {c.pk: c for c in ctx.dossier.components.all()}
    raw = ctx.payload.get("items")
    if raw:
        chosen = []
        for item in raw:
            if isinstance(item, dict):
                component_id, note = (
                    item.get("component"),
                    clean_text(item.get("reason"), max_length=500),
                )
            else:
                component_id, note = item, ""
            try:
                component = components[int(component_id)]
            except (KeyError, TypeError, ValueError):
                raise InvalidPayload(
                    _(
                        "Only papers listed on the procedure card may be requested; asking for "
                        "others is prohibited."
                    ),
                    field="items",
                ) from None
            if any(c.pk == component.pk for c, _note in chosen):
                raise InvalidPayload(_("Each paper may be listed only once."), field="items")
            chosen.append((component, note or component.note))
    else:
        chosen = [
            (c, c.note)
            for c in components.values()
            if c.state in (ComponentState.MISSING, ComponentState.DEFECTIVE)
        ]
    if not chosen:
        raise InvalidPayload(_("List at least one paper to supplement."), field="items")
    return [
        {
            "component": c.pk,
            "name": c.name,
            "form": artefacts.FORM_LABELS_VI.get(c.form, c.form),
            "count": c.count,
            "state": c.state,
            "reason": note,
        }
        for c, note in chosen
    ]


def _desk_request_supplement(ctx: _Context) -> None:
    items = _supplement_items(ctx)
    reason = _text(ctx.payload, "reason", required=True)
    number = str(ctx.number(CounterKind.FORM))
    ctx.record.update({"items": items, "reason": reason, "stage": "reception", "number": number})
    ctx.issue.append(
        (
            ArtefactKind.MAU_02,
            number,
            artefacts.build_mau_02(
                ctx.dossier,
                number=number,
                at=ctx.now,
                officer=ctx.actor_name,
                items=items,
                reason=reason,
                stage="reception",
            ),
        )
    )


def _resubmit_online(ctx: _Context) -> None:
    if ctx.dossier.channel != Channel.ONLINE:
        raise ActionNotAllowed(_("This dossier was not submitted online."))
    ctx.record["note"] = _text(ctx.payload, "note")


def _resubmit_at_desk(ctx: _Context) -> None:
    ctx.record["note"] = _text(ctx.payload, "note")


def _desk_refuse(ctx: _Context) -> None:
    reason = _text(ctx.payload, "reason", required=True)
    legal_basis = _text(ctx.payload, "legal_basis", required=True, max_length=500)
    number = str(ctx.number(CounterKind.FORM))
    ctx.dossier.closed_at = ctx.now
    ctx.record.update({"reason": reason, "legal_basis": legal_basis, "number": number})
    ctx.issue.append(
        (
            ArtefactKind.MAU_03,
            number,
            artefacts.build_mau_03(
                ctx.dossier,
                number=number,
                at=ctx.now,
                officer=ctx.actor_name,
                reason=reason,
                legal_basis=legal_basis,
            ),
        )
    )


def _desk_accept(ctx: _Context) -> None:
    d = ctx.dossier
    components = list(d.components.all())
    missing = [c.name for c in components if c.required and c.state != ComponentState.PRESENT]
    if missing:
        raise InvalidPayload(
            _(
                "Every required paper must be present and valid before acceptance. Not yet: %(names)s."
            )
            % {"names": "; ".join(missing)},
            field="components",
        )
    # The dossier keeps the card version in force on its receipt date: a version that took
    # effect between the submission and today replaces the one snapshotted at submission.
    newer = (
        Procedure.objects.in_force(ctx.today, d.workspace.rule_profile)
        .filter(code=d.card.code, effective_from__gt=d.card.effective_from)
        .order_by("-effective_from")
        .first()
    )
    if newer is not None:
        d.procedure = newer
        d.rules = newer.snapshot()
        ctx.record["card_version_changed"] = newer.pk
    card = d.card
    extension = _int(ctx.payload, "extension_working_days", default=0) or 0
    if extension > card.extension_working_days:
        raise InvalidPayload(
            _("The card allows at most %(n)s extra working days.")
            % {"n": card.extension_working_days},
            field="extension_working_days",
        )
    extension_reason = _text(ctx.payload, "extension_reason", required=bool(extension))
    if (
        any(key in ctx.payload for key in ("copies", "pages", "cases"))
        and d.fee_status != FeeStatus.PAID
    ):
        _apply_fee(d, card, _fee_params(ctx.payload))
    appointment = compute_appointment(
        card,
        ctx.now,
        ctx.calendar,
        online=d.channel == Channel.ONLINE,
        extension_working_days=extension,
    )
    due_date, appointment_at = appointment.due_date, appointment.appointment_at
    if d.workspace.manual_calculation:
        # The exercise: the desk officer works the appointment and the fee out by hand; what
        # they write is what the applicant is told (and what is graded against the rules).
        due_date = _date(ctx.payload, "appointment_date")
        if due_date < ctx.today:
            raise InvalidPayload(
                _("The appointment cannot be before the day of receipt."),
                field="appointment_date",
            )
        appointment_at = appointment_time(ctx.calendar, due_date)
        if d.fee_status != FeeStatus.NOT_REQUIRED and d.fee_status != FeeStatus.PAID:
            fee = _int(ctx.payload, "fee_amount")
            if fee is None:
                raise InvalidPayload(_("Write the fee to collect."), field="fee_amount")
            ctx.record["calculated_fee_amount"] = d.fee_amount
            d.fee_amount = fee
        ctx.record["calculated_due_date"] = appointment.due_date.isoformat()
    d.received_at = ctx.now
    d.due_date = d.original_due_date = due_date
    d.appointment_at = appointment_at
    d.book_number = ctx.number(CounterKind.TRACKING_BOOK)
    number = str(d.book_number)
    ctx.record.update(
        {
            "due_date": d.due_date.isoformat(),
            "appointment_at": d.appointment_at.isoformat(),
            "counted_from": appointment.counted_from.isoformat(),
            "after_cutoff": appointment.after_cutoff,
            "extension_working_days": extension,
            "extension_reason": extension_reason,
            "book_number": d.book_number,
            "fee_amount": d.fee_amount,
            "number": number,
        }
    )
    received = [c for c in components if c.state == ComponentState.PRESENT]
    ctx.issue.append(
        (
            ArtefactKind.MAU_01,
            number,
            artefacts.build_mau_01(
                d,
                number=number,
                officer=ctx.actor_name,
                book_year=ctx.today.year,
                received_components=received,
            ),
        )
    )


# --- Fees --------------------------------------------------------------------------------


def _receipt(ctx: _Context, *, method: str, transaction_id: str) -> None:
    d = ctx.dossier
    number = f"{ctx.number(CounterKind.RECEIPT):07d}"
    d.fee_status = FeeStatus.PAID
    ctx.record.update(
        {
            "amount": d.fee_amount,
            "method": method,
            "receipt": number,
            "transaction_id": transaction_id,
        }
    )
    ctx.issue.append(
        (
            ArtefactKind.RECEIPT,
            number,
            artefacts.build_receipt(
                d,
                number=number,
                at=ctx.now,
                method=method,
                transaction_id=transaction_id,
                officer=ctx.actor_name,
            ),
        )
    )


def _require_unpaid(d: Dossier) -> None:
    if d.fee_status == FeeStatus.NOT_REQUIRED:
        raise InvalidPayload(_("This dossier has no fee to pay."))
    if d.fee_status == FeeStatus.PAID:
        raise InvalidPayload(_("The fee has already been paid."))


def _pay_online(ctx: _Context) -> None:
    d = ctx.dossier
    if not (d.channel == Channel.ONLINE and d.level == 4):
        raise ActionNotAllowed(_("Online payment is only offered for level 4 online dossiers."))
    _require_unpaid(d)
    result = simulated_payment(
        amount=d.fee_amount, reference=d.code, card_number=str(ctx.payload.get("card_number", ""))
    )
    if not result.approved:
        raise InvalidPayload(result.message, field="card_number")
    _receipt(ctx, method=PaymentMethod.ONLINE, transaction_id=result.transaction_id)


def _pay_at_desk(ctx: _Context) -> None:
    _require_unpaid(ctx.dossier)
    _receipt(ctx, method=PaymentMethod.DESK, transaction_id="")


# --- Transfer and processing -------------------------------------------------------------


def _competent_unit(d: Dossier) -> Unit:
    code = d.card.competent_unit
    return Unit.objects.get(code=code) if code else d.receiving_unit


def _transfer(ctx: _Context) -> None:
    d = ctx.dossier
    competent = _competent_unit(d)
    code = ctx.payload.get("to_unit")
    unit = competent if not code else Unit.objects.filter(code=code).first()
    if unit is None:
        raise InvalidPayload(_("Choose the unit to transfer to."), field="to_unit")
    d.handling_unit = unit
    d.transferred_at = ctx.now
    # R-XFER (soft, unverified): the same working day, or the next one if received after 15:00.
    received = d.received_at.astimezone(VN_TZ)
    cutoff = ctx.calendar.hours_on(received.date()).same_day_cutoff
    allowed = received.date()
    if received.time() > cutoff or not ctx.calendar.is_working_day(allowed):
        allowed = ctx.calendar.next_working_day(received.date())
    ctx.record.update(
        {
            "to_unit": unit.code,
            "to_unit_name": unit.name_vi,
            "competent_unit": competent.code,
            "is_competent": unit.pk == competent.pk,
            "step_result": "on_time" if ctx.today <= allowed else "late",
            "note": _text(ctx.payload, "note"),
        }
    )


def _reject_transfer(ctx: _Context) -> None:
    d = ctx.dossier
    ctx.record.update(
        {
            "reason": _text(ctx.payload, "reason", required=True),
            "handling_unit": d.handling_unit.code,
        }
    )
    d.handling_unit = None


def _assign(ctx: _Context) -> None:
    d = ctx.dossier
    d.assignee_name = _text(ctx.payload, "specialist", required=True, max_length=200)
    d.assignee = None
    ctx.record.update({"specialist": d.assignee_name, "handling_unit": d.handling_unit.code})


def _start_appraisal(ctx: _Context) -> None:
    ctx.record["note"] = _text(ctx.payload, "note")


def _consult_partner(ctx: _Context) -> None:
    d = ctx.dossier
    codes = ctx.payload.get("partners") or []
    if isinstance(codes, str):
        codes = [codes]
    if not codes:
        raise InvalidPayload(_("Choose at least one partner agency."), field="partners")
    partners = {p.code: p for p in PartnerAgency.objects.filter(code__in=codes)}
    if len(partners) != len(set(codes)):
        raise InvalidPayload(_("Unknown partner agency."), field="partners")
    open_codes = set(
        Consultation.objects.filter(dossier=d, replied_at__isnull=True).values_list(
            "partner__code", flat=True
        )
    )
    if open_codes & set(codes):
        raise InvalidPayload(
            _("This agency has already been consulted and has not replied."), field="partners"
        )
    request = _text(ctx.payload, "request", required=True)
    limits = {p.code: p.time_limit_working_days for p in d.card.partners}
    rows = []
    for code in dict.fromkeys(codes):
        limit = limits.get(code)
        due = ctx.calendar.add_working_days(ctx.today, limit) if limit else None
        rows.append(
            Consultation(
                workspace=d.workspace,
                dossier=d,
                partner=partners[code],
                request_text=request,
                requested_at=ctx.now,
                due_date=due,
            )
        )
    Consultation.objects.bulk_create(rows)
    ctx.record.update(
        {
            "partners": list(dict.fromkeys(codes)),
            "partner_names": [partners[c].name_vi for c in dict.fromkeys(codes)],
            "request": request,
            "handling_unit": d.handling_unit.code,
        }
    )


def _partner_reply(ctx: _Context) -> None:
    d = ctx.dossier
    open_rows = list(
        Consultation.objects.filter(dossier=d, replied_at__isnull=True).select_related("partner")
    )
    consultation_id = _int(ctx.payload, "consultation")
    if consultation_id is None and len(open_rows) == 1:
        consultation = open_rows[0]
    else:
        consultation = next((c for c in open_rows if c.pk == consultation_id), None)
    if consultation is None:
        raise InvalidPayload(_("Choose the consultation this reply answers."), field="consultation")
    consultation.reply_text = _text(ctx.payload, "reply", required=True)
    consultation.replied_at = ctx.now
    consultation.save(update_fields=["reply_text", "replied_at"])
    if len(open_rows) > 1:
        ctx.target = Status.CONSULTING  # wait for the other agencies
    on_time = consultation.due_date is None or ctx.today <= consultation.due_date
    ctx.record.update(
        {
            "consultation": consultation.pk,
            "partner": consultation.partner.code,
            "partner_name": consultation.partner.name_vi,
            "reply": consultation.reply_text,
            "handling_unit": d.handling_unit.code,
            "step_result": ""
            if consultation.due_date is None
            else ("on_time" if on_time else "late"),
        }
    )


def _start_pause(ctx: _Context, kind: str) -> None:
    DossierPause.objects.create(
        workspace=ctx.dossier.workspace, dossier=ctx.dossier, kind=kind, started_at=ctx.now
    )


def _end_pause(ctx: _Context, *, shift: bool) -> int:
    """Close the open pause; with `shift`, move the due dates on by its working days (§3.4,
    convention in `sandbox.calendar`). Returns the number of working days shifted."""
    d = ctx.dossier
    pause = DossierPause.objects.filter(dossier=d, ended_at__isnull=True).first()
    if pause is None:
        return 0
    pause.ended_at = ctx.now
    days = 0
    if shift:
        start = pause.started_at.astimezone(VN_TZ).date()
        days = ctx.calendar.working_days_between(start, ctx.today)
        d.due_date = ctx.calendar.paused_due_date(d.due_date, start, ctx.today)
        if d.apology_due_date:
            d.apology_due_date = ctx.calendar.add_working_days(d.apology_due_date, days)
        d.appointment_at = appointment_time(ctx.calendar, d.deadline_date)
    pause.shifted_working_days = days
    pause.save(update_fields=["ended_at", "shifted_working_days"])
    return days


def _request_financial_obligation(ctx: _Context) -> None:
    obligation = _text(ctx.payload, "obligation", required=True)
    _start_pause(ctx, PauseKind.FINANCIAL)
    ctx.record["obligation"] = obligation
    ctx.issue.append(
        (
            ArtefactKind.NOTICE,
            "",
            artefacts.build_notice(
                ctx.dossier,
                at=ctx.now,
                title="THÔNG BÁO THỰC HIỆN NGHĨA VỤ TÀI CHÍNH",
                text=obligation,
            ),
        )
    )


def _fulfil_financial_obligation(ctx: _Context) -> None:
    excluded = ctx.card.financial_wait_excluded
    days = _end_pause(ctx, shift=excluded)
    ctx.record.update(
        {
            "paused_working_days": days,
            "due_date": ctx.dossier.due_date.isoformat(),
            "excluded": excluded,
        }
    )


def _draft_supplement(ctx: _Context) -> None:
    items = _supplement_items(ctx)
    reason = _text(ctx.payload, "reason", required=True)
    ctx.dossier.draft = {
        "kind": "supplement",
        "items": items,
        "reason": reason,
        "author": ctx.actor_name,
        "drafted_at": ctx.now.isoformat(),
    }
    ctx.record.update({"items": items, "reason": reason})


def _approve_supplement(ctx: _Context) -> None:
    d = ctx.dossier
    draft = d.draft or {}
    number = str(ctx.number(CounterKind.FORM))
    ctx.issue.append(
        (
            ArtefactKind.MAU_02,
            number,
            artefacts.build_mau_02(
                d,
                number=number,
                at=ctx.now,
                officer=draft.get("author", ctx.actor_name),
                items=draft.get("items", []),
                reason=draft.get("reason", ""),
                stage="processing",
            ),
        )
    )
    _start_pause(ctx, PauseKind.SUPPLEMENT)
    ctx.record.update(
        {"number": number, "items": draft.get("items", []), "handling_unit": d.handling_unit.code}
    )
    d.draft = None


def _citizen_supplement(ctx: _Context) -> None:
    d = ctx.dossier
    supplied = ctx.payload.get("components") or []
    if supplied:
        ids = {int(x) for x in supplied}
        updated = DossierComponent.objects.filter(dossier=d, pk__in=ids)
        if updated.count() != len(ids):
            raise InvalidPayload(
                _("This component is not part of the dossier."), field="components"
            )
        updated.update(state=ComponentState.PRESENT)
    days = _end_pause(ctx, shift=ctx.card.supplement_pauses_clock)
    ctx.record.update(
        {
            "paused_working_days": days,
            "due_date": d.due_date.isoformat(),
            "components": sorted(int(x) for x in supplied),
            "handling_unit": d.handling_unit.code,
        }
    )


def _stop_processing(ctx: _Context) -> None:
    ctx.record["reason"] = _text(ctx.payload, "reason", required=True)
    _end_pause(ctx, shift=False)
    ctx.dossier.closed_at = ctx.now


def _draft_result(ctx: _Context) -> None:
    d = ctx.dossier
    required = [p for p in d.card.partners if p.required]
    if required:
        replied = set(
            Consultation.objects.filter(dossier=d, replied_at__isnull=False).values_list(
                "partner__code", flat=True
            )
        )
        waiting = [p.name for p in required if p.code not in replied]
        if waiting:
            raise InvalidPayload(
                _("The result needs the reply of: %(names)s.") % {"names": "; ".join(waiting)}
            )
    summary = _text(ctx.payload, "summary")
    d.draft = {
        "kind": ResultType.GRANT,
        "summary": summary,
        "document": d.card.result_name,
        "author": ctx.actor_name,
        "drafted_at": ctx.now.isoformat(),
    }
    ctx.record.update({"summary": summary, "handling_unit": d.handling_unit.code})


def _draft_refusal(ctx: _Context) -> None:
    d = ctx.dossier
    reason = _text(ctx.payload, "reason", required=True)
    legal_basis = _text(ctx.payload, "legal_basis", required=True, max_length=500)
    d.draft = {
        "kind": ResultType.REFUSAL,
        "reason": reason,
        "legal_basis": legal_basis,
        "author": ctx.actor_name,
        "drafted_at": ctx.now.isoformat(),
    }
    ctx.record.update(
        {"reason": reason, "legal_basis": legal_basis, "handling_unit": d.handling_unit.code}
    )


def _leader_approve(ctx: _Context) -> None:
    d = ctx.dossier
    d.draft = {**d.draft, "approved_by": ctx.actor_name}
    ctx.record.update({"note": _text(ctx.payload, "note"), "handling_unit": d.handling_unit.code})


def _leader_return(ctx: _Context) -> None:
    d = ctx.dossier
    reason = _text(ctx.payload, "reason", required=True)
    ctx.record.update({"reason": reason, "draft": d.draft, "handling_unit": d.handling_unit.code})
    d.draft = None


def _sign(ctx: _Context) -> None:
    d = ctx.dossier
    signer = _text(ctx.payload, "signer_name", max_length=200) or ctx.actor_name
    title = _text(ctx.payload, "signer_title", max_length=200) or d.card.signer
    d.draft = {
        **d.draft,
        "signed_by": signer,
        "signer_title": title,
        "signed_at": ctx.now.isoformat(),
    }
    d.result_type = d.draft["kind"]
    ctx.record.update({"signer_name": signer, "signer_title": title, "result_type": d.result_type})


def _signer_reject(ctx: _Context) -> None:
    d = ctx.dossier
    reason = _text(ctx.payload, "reason", required=True)
    d.draft = {k: v for k, v in d.draft.items() if k != "approved_by"}
    ctx.record.update({"reason": reason, "handling_unit": d.handling_unit.code})


def _registry_issue(ctx: _Context) -> None:
    d = ctx.dossier
    number = _text(ctx.payload, "number", max_length=60)
    if not number:
        number = f"{ctx.number(CounterKind.REGISTRY, d.handling_unit)}/{ctx.today.year}"
    d.result_number = number
    ctx.record.update({"number": number, "handling_unit": d.handling_unit.code})
    ctx.issue.append(
        (
            ArtefactKind.RESULT,
            number,
            artefacts.build_result(
                d, number=number, at=ctx.now, draft=d.draft, unit=d.handling_unit
            ),
        )
    )


def _return_to_desk(ctx: _Context) -> None:
    d = ctx.dossier
    d.resolved_at = ctx.now
    if ctx.today < d.due_date:
        step = "early"
    elif ctx.today == d.due_date:
        step = "on_time"
    else:
        step = "late"
    ctx.record.update(
        {
            "step_result": step,
            "due_date": d.due_date.isoformat(),
            "handling_unit": d.handling_unit.code,
        }
    )


def _return_result(ctx: _Context) -> None:
    d, p = ctx.dossier, ctx.payload
    method = p.get("method") or d.delivery
    if method not in Delivery.values:
        raise InvalidPayload(_("Choose how the result is returned."), field="method")
    if method != d.delivery:
        raise InvalidPayload(
            _("The applicant chose: %(choice)s.") % {"choice": Delivery(d.delivery).label},
            field="method",
        )
    if d.fee_status == FeeStatus.UNPAID:
        if method != Delivery.DESK:
            raise InvalidPayload(_("The fee has not been paid yet."))
        if not _bool(p, "collect_fee"):
            raise InvalidPayload(
                _("Collect the fee before returning the result."), field="collect_fee"
            )
        _receipt(ctx, method=PaymentMethod.DESK, transaction_id="")
    record: dict[str, Any] = {"method": method, "method_label": artefacts.DELIVERY_VI[method]}
    if method == Delivery.DESK:
        if not _bool(p, "id_checked"):
            raise InvalidPayload(
                _("Check the identity papers of the person collecting the result."),
                field="id_checked",
            )
        collector = p.get("collector") or "applicant"
        if collector == "proxy":
            proxy_name = _text(p, "proxy_name", required=True, max_length=200)
            authorisation = p.get("authorisation")
            if authorisation == "relative":
                if not ctx.card.proxy_relatives_exempt:
                    raise InvalidPayload(
                        _("For this procedure the proxy needs a notarised authorisation."),
                        field="authorisation",
                    )
                relationship = _text(p, "relationship", required=True, max_length=100)
                record["relationship"] = relationship
            elif authorisation != "notarised":
                raise InvalidPayload(
                    _("A proxy needs a written authorisation."), field="authorisation"
                )
            record.update(
                {"collector": "proxy", "proxy_name": proxy_name, "authorisation": authorisation}
            )
            record["collected_by"] = f"{proxy_name} (ủy quyền)"
        elif collector == "applicant":
            record.update({"collector": "applicant", "collected_by": d.applicant_name})
        else:
            raise InvalidPayload(_("Say who collects the result."), field="collector")
    elif method == Delivery.POST:
        tracking = _text(p, "tracking_number", required=True, max_length=60)
        record.update({"tracking_number": tracking, "collected_by": f"Bưu điện ({tracking})"})
    else:
        record["collected_by"] = "Trực tuyến"
        ctx.issue.append(
            (
                ArtefactKind.NOTICE,
                "",
                artefacts.build_notice(
                    d,
                    at=ctx.now,
                    title="THÔNG BÁO TRẢ KẾT QUẢ TRỰC TUYẾN",
                    text=f"Kết quả giải quyết hồ sơ {d.code} (số {d.result_number}) đã được gửi trực tuyến.",
                ),
            )
        )
    d.returned_at = d.closed_at = ctx.now
    ctx.record.update(record)


# --- Apology (Mẫu 04) --------------------------------------------------------------------


def _apology_checks(ctx: _Context) -> None:
    d = ctx.dossier
    if d.apology_due_date is not None:
        raise InvalidPayload(
            _("The new date may be set only once: this dossier already has an apology.")
        )
    # "chậm nhất một ngày trước ngày hết hạn": at least one working day before the due date.
    if ctx.calendar.add_working_days(ctx.today, 1) > d.due_date:
        raise InvalidPayload(
            _("An apology must be issued at least one working day before the due date (%(due)s).")
            % {"due": artefacts.vn_date(d.due_date)}
        )


def _draft_apology(ctx: _Context) -> None:
    d = ctx.dossier
    _apology_checks(ctx)
    if d.apology_draft is not None:
        raise InvalidPayload(_("An apology is already waiting for signature."))
    reason = _text(ctx.payload, "reason", required=True)
    new_date = _date(ctx.payload, "new_date")
    if new_date <= d.due_date:
        raise InvalidPayload(_("The new date must come after the due date."), field="new_date")
    if not ctx.calendar.is_working_day(new_date):
        raise InvalidPayload(_("The new date must be a working day."), field="new_date")
    d.apology_draft = {
        "reason": reason,
        "new_date": new_date.isoformat(),
        "author": ctx.actor_name,
        "drafted_at": ctx.now.isoformat(),
    }
    ctx.record.update({"reason": reason, "new_date": new_date.isoformat()})


def _sign_apology(ctx: _Context) -> None:
    d = ctx.dossier
    if d.apology_draft is None:
        raise InvalidPayload(_("There is no apology draft to sign."))
    _apology_checks(ctx)
    capacity = ctx.payload.get("signer_capacity")
    if capacity not in ("head", "deputy"):
        raise InvalidPayload(
            _("Mẫu 04 is signed by the head of the agency, or by a deputy on their behalf (KT.)."),
            field="signer_capacity",
        )
    signer = _text(ctx.payload, "signer_name", max_length=200) or ctx.actor_name
    new_date = date.fromisoformat(d.apology_draft["new_date"])
    unit = d.handling_unit or d.receiving_unit
    number = f"{ctx.number(CounterKind.FORM, unit)}/PXL"
    receipt = d.artefacts.filter(kind=ArtefactKind.MAU_01).values_list("number", flat=True).first()
    ctx.issue.append(
        (
            ArtefactKind.MAU_04,
            number,
            artefacts.build_mau_04(
                d,
                number=number,
                at=ctx.now,
                reason=d.apology_draft["reason"],
                new_date=new_date,
                signer_name=signer,
                capacity=capacity,
                receipt_number=receipt or "",
                unit=unit,
            ),
        )
    )
    ctx.record.update(
        {
            "number": number,
            "new_date": new_date.isoformat(),
            "reason": d.apology_draft["reason"],
            "signer_name": signer,
            "signer_capacity": capacity,
            "due_date": d.due_date.isoformat(),
        }
    )
    d.apology_due_date = new_date
    d.appointment_at = appointment_time(ctx.calendar, new_date)
    d.apology_draft = None


# --- Any time ----------------------------------------------------------------------------


def _withdraw(ctx: _Context) -> None:
    ctx.record["reason"] = _text(ctx.payload, "reason", required=True)
    _end_pause(ctx, shift=False)
    ctx.dossier.closed_at = ctx.now


def _add_note(ctx: _Context) -> None:
    ctx.record["text"] = _text(ctx.payload, "text", required=True)


def _open_attachment(ctx: _Context) -> None:
    component = _component(ctx)
    ctx.record.update({"component": component.pk, "name": component.name})


def _creation_only(ctx: _Context) -> None:  # pragma: no cover - refused before dispatch
    raise ActionNotAllowed(_("Use dossier_create to start a dossier."))


HANDLERS = {
    Action.CREATE_DRAFT: _creation_only,
    Action.DESK_INTAKE: _creation_only,
    Action.POST_INTAKE: _creation_only,
    Action.SUBMIT_ONLINE: _submit_online,
    Action.UPLOAD_COMPONENT: _upload_component,
    Action.CHECK_COMPONENT: _check_component,
    Action.DESK_REQUEST_SUPPLEMENT: _desk_request_supplement,
    Action.RESUBMIT_ONLINE: _resubmit_online,
    Action.RESUBMIT_AT_DESK: _resubmit_at_desk,
    Action.DESK_REFUSE: _desk_refuse,
    Action.DESK_ACCEPT: _desk_accept,
    Action.PAY_ONLINE: _pay_online,
    Action.PAY_AT_DESK: _pay_at_desk,
    Action.TRANSFER: _transfer,
    Action.REJECT_TRANSFER: _reject_transfer,
    Action.ASSIGN: _assign,
    Action.START_APPRAISAL: _start_appraisal,
    Action.CONSULT_PARTNER: _consult_partner,
    Action.PARTNER_REPLY: _partner_reply,
    Action.REQUEST_FINANCIAL_OBLIGATION: _request_financial_obligation,
    Action.FULFIL_FINANCIAL_OBLIGATION: _fulfil_financial_obligation,
    Action.DRAFT_SUPPLEMENT: _draft_supplement,
    Action.APPROVE_SUPPLEMENT: _approve_supplement,
    Action.CITIZEN_SUPPLEMENT: _citizen_supplement,
    Action.STOP_PROCESSING: _stop_processing,
    Action.DRAFT_RESULT: _draft_result,
    Action.DRAFT_REFUSAL: _draft_refusal,
    Action.LEADER_APPROVE: _leader_approve,
    Action.LEADER_RETURN: _leader_return,
    Action.SIGN: _sign,
    Action.SIGNER_REJECT: _signer_reject,
    Action.REGISTRY_ISSUE: _registry_issue,
    Action.RETURN_TO_DESK: _return_to_desk,
    Action.RETURN_RESULT: _return_result,
    Action.DRAFT_APOLOGY: _draft_apology,
    Action.SIGN_APOLOGY: _sign_apology,
    Action.WITHDRAW: _withdraw,
    Action.ADD_NOTE: _add_note,
    Action.OPEN_ATTACHMENT: _open_attachment,
}

assert set(HANDLERS) == set(Action.values), "every action needs a handler"

# What each action reads from its payload (for the role screens' forms).
PAYLOAD_KEYS: dict[str, tuple[str, ...]] = {
    Action.UPLOAD_COMPONENT: ("component",),
    Action.CHECK_COMPONENT: ("component", "state", "note"),
    Action.DESK_REQUEST_SUPPLEMENT: ("items", "reason"),
    Action.RESUBMIT_ONLINE: ("note",),
    Action.RESUBMIT_AT_DESK: ("note",),
    Action.DESK_REFUSE: ("reason", "legal_basis"),
    Action.DESK_ACCEPT: (
        "extension_working_days",
        "extension_reason",
        "copies",
        "pages",
        "cases",
        "appointment_date",
        "fee_amount",
    ),
    Action.PAY_ONLINE: ("card_number",),
    Action.TRANSFER: ("to_unit", "note"),
    Action.REJECT_TRANSFER: ("reason",),
    Action.ASSIGN: ("specialist",),
    Action.START_APPRAISAL: ("note",),
    Action.CONSULT_PARTNER: ("partners", "request"),
    Action.PARTNER_REPLY: ("consultation", "reply"),
    Action.REQUEST_FINANCIAL_OBLIGATION: ("obligation",),
    Action.DRAFT_SUPPLEMENT: ("items", "reason"),
    Action.CITIZEN_SUPPLEMENT: ("components",),
    Action.STOP_PROCESSING: ("reason",),
    Action.DRAFT_RESULT: ("summary",),
    Action.DRAFT_REFUSAL: ("reason", "legal_basis"),
    Action.LEADER_APPROVE: ("note",),
    Action.LEADER_RETURN: ("reason",),
    Action.SIGN: ("signer_name", "signer_title"),
    Action.SIGNER_REJECT: ("reason",),
    Action.REGISTRY_ISSUE: ("number",),
    Action.RETURN_RESULT: (
        "method",
        "id_checked",
        "collector",
        "proxy_name",
        "authorisation",
        "relationship",
        "tracking_number",
        "collect_fee",
    ),
    Action.DRAFT_APOLOGY: ("reason", "new_date"),
    Action.SIGN_APOLOGY: ("signer_capacity", "signer_name"),
    Action.WITHDRAW: ("reason",),
    Action.ADD_NOTE: ("text",),
    Action.OPEN_ATTACHMENT: ("component",),
}
