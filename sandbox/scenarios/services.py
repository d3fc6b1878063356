"""Every write of practice scenarios: start an attempt (a workspace seeded from the scenario),
run the scripted actors, reset a practice attempt, submit and assess, record completion.

Seeding is deterministic: the same version and seed give the same dossiers (applicants,
variants of the missing papers, codes). The seed of an attempt comes from the scenario, the
officer and the attempt number, so two officers get different applicants and variants.
"""

from __future__ import annotations

import datetime
import hashlib
import random
import threading
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.services import activity_record_result
from training.people.models import Unit

from ..calendar import VN_TZ, WorkingCalendar
from ..codes import MAX_DAILY, CodeError, format_dossier_code, unit_code
from ..generators import ApplicantGenerator
from ..models import (
    Artefact,
    Channel,
    ComponentState,
    CounterKind,
    Delivery,
    Dossier,
    DossierComponent,
    DossierEvent,
    Procedure,
    Workspace,
    WorkspaceCounter,
)
from ..procedures import CardRules
from ..sanitise import clean_text
from ..services import (
    CREATION_ACTIONS,
    SandboxError,
    dossier_create,
    dossier_transition,
    workspace_changed,
    workspace_create,
    workspace_set_clock,
)
from ..workflow import TRANSITIONS, ActorRole, Status
from .assessor import REPORT_FIGURES, ArtefactRow, DossierState, EventRow, Trace, assess
from .blocks import _positions
from .models import Mode, ScenarioAttempt, ScenarioPage, spec_errors

SEED_ACTOR = "Dữ liệu kịch bản"
SCRIPT_ACTOR = "Tác nhân mô phỏng"


class ScenarioError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# ---------------------------------------------------------------------------------------
# Availability and start
# ---------------------------------------------------------------------------------------


@dataclass
class Availability:
    modes: list[str]
    assessed_left: int | None  # None: unlimited
    message: str = ""


def attempt_availability(*, scenario: ScenarioPage, user, attempts=None) -> Availability:
    if attempts is None:
        attempts = list(ScenarioAttempt.objects.filter(scenario=scenario, user=user))
    if scenario.mode == Mode.PRACTICE:
        return Availability([Mode.PRACTICE], None)
    used = sum(1 for a in attempts if a.mode == Mode.ASSESSED)
    limit = scenario.assessed_attempts
    left = None if not limit else max(0, limit - used)
    if any(a.mode == Mode.ASSESSED and a.passed for a in attempts):
        return Availability([Mode.PRACTICE], left, _("You have passed this scenario."))
    if left == 0:
        return Availability(
            [Mode.PRACTICE],
            0,
            _("You have used all your assessed attempts; you can still practise."),
        )
    return Availability([Mode.PRACTICE, Mode.ASSESSED], left)


def attempt_seed(*, scenario_id: int, user_id: int, number: int) -> int:
    digest = hashlib.sha256(f"{scenario_id}:{user_id}:{number}".encode()).hexdigest()
    return int(digest[:12], 16)


@transaction.atomic
def attempt_start(*, scenario: ScenarioPage, user, course, mode: str | None = None, seed=None):
    """The attempt in progress, or a new one in `mode` with its own seeded workspace."""
    # Lock the officer's row: two clicks on "Start" queue here, and the second finds the
    # attempt the first one made (an empty `select_for_update` locks nothing).
    list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))
    current = ScenarioAttempt.objects.filter(
        scenario=scenario, user=user, state=ScenarioAttempt.State.IN_PROGRESS
    ).first()
    if current is not None:
        return current
    availability = attempt_availability(scenario=scenario, user=user)
    mode = mode or availability.modes[-1]
    if mode not in availability.modes:
        raise ScenarioError(availability.message or _("This kind of attempt is not available."))
    version = scenario.current_version()
    errors = spec_errors(version.spec)
    if errors:
        raise ScenarioError(errors[0])
    number = (
        ScenarioAttempt.objects.filter(scenario=scenario, user=user).aggregate(n=Max("number"))["n"]
        or 0
    ) + 1
    seed = (
        seed
        if seed is not None
        else attempt_seed(scenario_id=scenario.pk, user_id=user.pk, number=number)
    )
    try:
        workspace, dossier_map, truth = workspace_from_spec(
            version.spec,
            seed=seed,
            owner=user,
            title=f"{scenario.title} · {_('attempt')} {number}",
        )
    except (SandboxError, ValueError) as exc:
        # The scenario cannot be seeded as written (e.g. a history for a unit with no
        # procedures): the officer sees why, and nothing is kept.
        raise ScenarioError(getattr(exc, "message", None) or str(exc)) from exc
    return ScenarioAttempt.objects.create(
        scenario=scenario,
        version=version,
        user=user,
        course=course,
        number=number,
        mode=mode,
        seed=seed,
        workspace=workspace,
        dossier_map=dossier_map,
        truth=truth,
    )


# ---------------------------------------------------------------------------------------
# Seeding
# ---------------------------------------------------------------------------------------


def _aware(value: str) -> datetime.datetime:
    moment = datetime.datetime.fromisoformat(value)
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=VN_TZ)
    return moment


def workspace_from_spec(spec: dict, *, seed: int, owner, title: str, bulk: bool = True):
    """A new workspace holding the scenario's dossiers, at the scenario's clock. Returns the
    workspace, label → dossier ids, and dossier id → truth (missing/defective positions,
    copies, pages).

    Dossiers that wait unchecked at the desk are written in bulk (`_seed_at_desk`), the
    others one by one through the services; `bulk=False` writes every dossier one by one
    (the reference the bulk path is tested against)."""
    spec = draw_variant(spec, seed)
    seeds = sorted(
        enumerate(spec["dossiers"]), key=lambda item: (_aware(item[1]["arrives_at"]), item[0])
    )
    first = min([_aware(item["arrives_at"]) for _i, item in seeds] + [_aware(spec["clock_start"])])
    workspace = workspace_create(title=title[:200], owner=owner, now=first, seed=seed % 2**31)
    people = ApplicantGenerator(seed)
    rnd = random.Random(seed)
    units = {u.code: u for u in Unit.objects.all()}
    procedures: dict[str, Procedure] = {}
    dossier_map: dict[str, list[int]] = {}
    truth: dict[str, dict] = {}
    for _index, item in seeds:
        arrives = _aware(item["arrives_at"])
        if arrives > workspace.now:
            workspace_set_clock(workspace=workspace, to=arrives)
        code = item["procedure"]
        if code not in procedures:
            procedures[code] = (
                Procedure.objects.version_in_force(code, arrives.astimezone(VN_TZ).date())
                or Procedure.objects.filter(code=code).order_by("-effective_from").first()
            )
        procedure = procedures[code]
        missing_variants = _positions(item["missing"])
        defective_variants = _positions(item["defective"])
        draws = []
        for _n in range(item["count"]):
            missing = rnd.choice(missing_variants)
            defective = rnd.choice(defective_variants)
            draws.append((people.applicant().as_applicant(), set(missing), set(defective)))
        unit = units.get(item["receiving_unit"])
        dossiers = None
        if bulk and item["channel"] != Channel.ONLINE and item["status"] in BEFORE_DESK:
            dossiers = _seed_at_desk(
                workspace=workspace, procedure=procedure, item=item, unit=unit, draws=draws
            )
        if dossiers is None:
            dossiers = [
                _seed_dossier(
                    workspace=workspace,
                    procedure=procedure,
                    item=item,
                    unit=unit,
                    applicant=applicant,
                    missing=missing,
                    defective=defective,
                )
                for applicant, missing, defective in draws
            ]
        for dossier, (_applicant, missing, defective) in zip(dossiers, draws, strict=True):
            dossier_map.setdefault(item["label"], []).append(dossier.pk)
            truth[str(dossier.pk)] = {
                "label": item["label"],
                "missing": sorted(missing),
                "defective": sorted(defective),
                "copies": item["copies"],
                "pages": item["pages"],
            }
    for item in spec.get("history", []):
        from .history import generate_history

        generate_history(workspace=workspace, item=item, seed=seed)
    start = _aware(spec["clock_start"])
    if start > workspace.now:
        workspace_set_clock(workspace=workspace, to=start)
    Workspace.objects.filter(pk=workspace.pk).update(
        allowed_roles=",".join(spec["roles"]),
        manual_calculation=spec["manual_calculation"],
        scripted=True,
    )
    workspace.refresh_from_db()
    return workspace, dossier_map, truth


def _request_text(item: dict) -> str:
    """The applicant's request, with its drawn counts ("bản chính {pages} trang")."""
    text = item.get("request") or ""
    return text.replace("{pages}", f"{item['pages']:02d}").replace(
        "{copies}", f"{item['copies']:02d}"
    )


def draw_variant(spec: dict, seed: int) -> dict:
    """The spec with this seed's start time (arrivals moved by the same amount) and page
    counts. Drawn from a generator of its own, so adding variants to a scenario does not
    change the other draws (applicants, missing papers)."""
    rnd = random.Random(seed ^ 0x5EED)
    starts = [spec["clock_start"], *spec.get("clock_variants", [])]
    start = _aware(rnd.choice(starts))
    shift = start - _aware(spec["clock_start"])
    dossiers = []
    for item in spec["dossiers"]:
        pages = [item["pages"]] + [
            int(p) for p in str(item.get("page_variants") or "").split("|") if p.strip()
        ]
        dossiers.append(
            dict(
                item,
                arrives_at=(_aware(item["arrives_at"]) + shift).isoformat(),
                pages=rnd.choice(pages),
            )
        )
    return dict(spec, clock_start=start.isoformat(), dossiers=dossiers)


def attempt_clock_start(attempt) -> datetime.datetime:
    """Where this attempt's clock started (its drawn variant of the scenario's start)."""
    return _aware(draw_variant(attempt.version.spec, attempt.seed)["clock_start"])


BEFORE_DESK = (Status.AT_DESK, Status.SUBMITTED)


def _paper_notes(components, *, missing: set[int], defective: set[int], defect_note: str):
    """Card component id → what the applicant handed over (the note the trainee reads);
    `components` in card order, positions counted from 1."""
    notes = {}
    for position, component in enumerate(components, start=1):
        if position in missing:
            notes[component.pk] = "Người nộp không mang theo giấy tờ này."
        elif position in defective:
            notes[component.pk] = f"Có nộp, nhưng: {defect_note or 'không hợp lệ'}."
        else:
            notes[component.pk] = "Có nộp, đúng mẫu, đủ số lượng."
    return notes


@transaction.atomic
def _seed_at_desk(*, workspace, procedure, item, unit, draws) -> list[Dossier] | None:
    """The dossiers of one seed item that wait unchecked at the desk (paper or postal),
    written in bulk: the same rows `_seed_dossier` writes one by one through
    `dossier_create` (fields, fee, codes from the desk's daily sequence, every paper in the
    unchecked state with its note, the intake event by "Dữ liệu kịch bản"), in a fixed
    number of queries instead of about sixteen per dossier. None when `dossier_create`
    would refuse (no card version in force): the caller then goes the slow way, which
    raises the service's own error."""
    # The service's own private helpers, so that the rows are exactly those it writes.
    from ..services import _actor_name, _apply_fee, _fee_params, _receiving_unit
    from ..services import _applicant as applicant_fields

    channel = item["channel"]
    transition = TRANSITIONS[CREATION_ACTIONS[channel]]
    now = workspace.now
    day = now.astimezone(VN_TZ).date()
    version = Procedure.objects.version_in_force(procedure.code, day, workspace.rule_profile)
    if version is None:
        return None
    receiving = _receiving_unit(version, channel, unit)
    snapshot = version.snapshot()
    card = CardRules.from_snapshot(snapshot)
    try:
        prefix = unit_code(receiving, on=day, rule_profile=workspace.rule_profile)
    except CodeError as exc:
        raise SandboxError(str(exc)) from exc
    # The numbers `next_number` would hand out one by one, reserved at once.
    counter, _created = WorkspaceCounter.objects.select_for_update().get_or_create(
        workspace=workspace, unit=receiving, kind=CounterKind.DOSSIER_CODE, period=f"{day:%y%m%d}"
    )
    first_number = counter.value + 1
    if counter.value + len(draws) > MAX_DAILY:
        raise SandboxError(_("This desk has already received 9,999 dossiers today."))
    counter.value += len(draws)
    counter.save(update_fields=["value"])

    fee = _fee_params({"copies": item["copies"], "pages": item["pages"]})
    request_summary = clean_text(_request_text(item))
    dossiers = []
    for n, (applicant, _missing, _defective) in enumerate(draws):
        dossier = Dossier(
            workspace=workspace,
            procedure=version,
            rules=snapshot,
            status=transition.target,
            version=1,
            channel=channel,
            level=version.level,
            receiving_unit=receiving,
            request_summary=request_summary,
            sets_count=card.sets_count,
            delivery=Delivery.DESK,
            delivery_address="",
            submitted_at=now,
            code=format_dossier_code(prefix, day, first_number + n),
            **applicant_fields(applicant),
        )
        _apply_fee(dossier, card, fee)
        dossiers.append(dossier)
    Dossier.objects.bulk_create(dossiers)

    papers = list(procedure.components.all())
    components, events = [], []
    actor_name = _actor_name(None, SEED_ACTOR)
    for dossier, (_applicant, missing, defective) in zip(dossiers, draws, strict=True):
        notes = _paper_notes(
            papers, missing=missing, defective=defective, defect_note=item["defect_note"]
        )
        for position, rule in enumerate(card.components):
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
                    state=ComponentState.UNCHECKED,
                    note=notes.get(rule.id, ""),
                )
            )
        events.append(
            DossierEvent(
                workspace=workspace,
                dossier=dossier,
                version=1,
                action=transition.action,
                role=ActorRole.TN,
                actor=None,
                actor_name=actor_name,
                from_status="",
                to_status=dossier.status,
                payload={
                    "procedure_id": version.pk,
                    "procedure_code": version.code,
                    "channel": channel,
                    "receiving_unit": receiving.code,
                    "code": dossier.code,
                    "fee_amount": dossier.fee_amount,
                    "delivery": Delivery.DESK,
                },
                sim_at=now,
            )
        )
    DossierComponent.objects.bulk_create(components, batch_size=500)
    DossierEvent.objects.bulk_create(events, batch_size=500)
    return dossiers


def _seed_dossier(*, workspace, procedure, item, unit, applicant, missing, defective) -> Dossier:
    """One seeded dossier, brought to its starting stage by the simulated desk and
    department (events by "Dữ liệu kịch bản")."""
    stage = item["status"]
    channel = item["channel"]
    before_desk = stage in BEFORE_DESK
    components = list(procedure.components.all())
    notes = _paper_notes(
        components, missing=missing, defective=defective, defect_note=item["defect_note"]
    )
    states = {}
    for position, component in enumerate(components, start=1):
        if position in missing:
            # Accepted dossiers: the desk overlooked a conditional paper (the exercise is to
            # spot it in the appraisal).
            states[component.pk] = (
                ComponentState.UNCHECKED
                if before_desk
                else ComponentState.NOT_APPLICABLE
                if component.condition
                else ComponentState.MISSING
            )
        else:
            states[component.pk] = (
                ComponentState.UNCHECKED if before_desk else ComponentState.PRESENT
            )
    role = ActorRole.CD if channel == "online" else ActorRole.TN
    dossier = dossier_create(
        workspace=workspace,
        procedure=procedure,
        channel=channel,
        actor=None,
        actor_name=SEED_ACTOR if role != ActorRole.CD else applicant["name"],
        role=role,
        applicant=applicant,
        receiving_unit=unit,
        request_summary=_request_text(item),
        fee_params={"copies": item["copies"], "pages": item["pages"]},
        component_states=states,
    )
    # The paper the trainee looks at: what the applicant handed over (a note per paper).
    rows = list(DossierComponent.objects.filter(dossier=dossier))
    for row in rows:
        row.note = notes.get(row.component_id, "")
    DossierComponent.objects.bulk_update(rows, ["note"])
    if channel == "online":
        _step(dossier, "submit_online", ActorRole.CD, actor_name=applicant["name"])
    if before_desk:
        return dossier
    _step(dossier, "desk_accept", ActorRole.TN)
    if stage == Status.ACCEPTED:
        return dossier
    _step(dossier, "transfer", ActorRole.TN)
    if stage == Status.TRANSFERRED:
        return dossier
    _step(dossier, "assign", ActorRole.LDP, payload={"specialist": "Chuyên viên thực hành"})
    if stage == Status.ASSIGNED:
        return dossier
    _step(dossier, "start_appraisal", ActorRole.CV)
    return dossier


def _step(dossier, action, role, *, payload=None, actor_name=SEED_ACTOR):
    dossier_transition(
        dossier=dossier,
        action=action,
        actor=None,
        actor_name=actor_name,
        role=role,
        payload=payload or {},
        expected_version=None,
    )


# ---------------------------------------------------------------------------------------
# Scripted actors and the simulated deadline
# ---------------------------------------------------------------------------------------


# Workspaces whose scenario is answering right now: the scripted actors' own transitions
# send the signal again, and must not start another round (or a recursion).
_answering = threading.local()


@receiver(workspace_changed)
def _on_workspace_changed(sender, workspace, **kwargs):
    _busy = _answering.__dict__.setdefault("workspaces", set())
    if workspace.pk in _busy:
        return
    attempt = (
        ScenarioAttempt.objects.select_related("version")
        .filter(workspace=workspace, state=ScenarioAttempt.State.IN_PROGRESS)
        .first()
    )
    if attempt is None:
        return
    _busy.add(workspace.pk)
    try:
        run_scripts(attempt, workspace)
        if _deadline_passed(attempt, workspace):
            attempt_submit(attempt=attempt, auto=True)
    finally:
        _busy.discard(workspace.pk)


def _deadline_passed(attempt, workspace) -> bool:
    days = attempt.version.spec.get("time_limit_working_days")
    if not days:
        return False
    calendar = WorkingCalendar.for_profile(workspace.rule_profile)
    start = attempt_clock_start(attempt).astimezone(VN_TZ)
    last = calendar.add_working_days(start.date(), days)
    return workspace.now.astimezone(VN_TZ).date() > last


def run_scripts(attempt: ScenarioAttempt, workspace: Workspace) -> int:
    """Perform every scripted action whose moment has come; returns how many fired. A
    script fires once, when its dossier has been in `when_status` for `after_working_days`
    working days of the simulated clock; its event is dated at that moment (the clock may
    have been moved further in one step). A script is marked fired before it acts, so an
    action that leaves the dossier in the same status cannot fire it again. Each round
    reads the scripts' dossiers and their status changes in two queries."""
    calendar = WorkingCalendar.for_profile(workspace.rule_profile)
    count = 0
    for _round in range(len(attempt.version.spec["scripts"]) + 1):
        fired_now = _run_scripts_round(attempt, workspace, calendar)
        if not fired_now:
            break
        count += fired_now
    return count


def _run_scripts_round(attempt, workspace, calendar) -> int:
    spec = attempt.version.spec
    fired = set(attempt.fired_scripts)
    pending = [(i, s) for i, s in enumerate(spec["scripts"]) if i not in fired]
    if not pending:
        return 0
    ids = [pk for _i, s in pending for pk in attempt.dossier_map.get(s["dossier"], [])]
    dossiers = {d.pk: d for d in Dossier.objects.filter(pk__in=ids)}
    entered = {}
    for dossier_id, status, sim_at in (
        DossierEvent.objects.filter(
            dossier_id__in=ids, to_status__in={s["when_status"] for _i, s in pending}
        )
        .order_by("version")
        .values_list("dossier_id", "to_status", "sim_at")
    ):
        entered[dossier_id, status] = sim_at  # the latest entry wins
    for index, script in pending:
        for dossier_id in attempt.dossier_map.get(script["dossier"], []):
            dossier = dossiers.get(dossier_id)
            since = entered.get((dossier_id, script["when_status"]))
            if dossier is None or dossier.status != script["when_status"] or since is None:
                continue
            since = since.astimezone(VN_TZ)
            day = calendar.add_working_days(since.date(), script["after_working_days"] or 0)
            due = datetime.datetime.combine(day, since.timetz())
            if workspace.now < due:
                continue
            fired.add(index)
            attempt.fired_scripts = sorted(fired)
            attempt.save(update_fields=["fired_scripts"])
            try:
                with transaction.atomic():
                    dossier_transition(
                        dossier=dossier,
                        action=script["action"],
                        actor=None,
                        actor_name=script.get("actor_name") or SCRIPT_ACTOR,
                        role=script["role"],
                        payload=_script_payload(script, dossier),
                        expected_version=None,
                        at=due,
                    )
            except SandboxError:
                # A script the state no longer allows (the officer took another path):
                # the simulated actor does nothing, and the officer's own action stands.
                continue
            # The dossier changed: read everything again before the next script.
            return 1
    return 0


def _script_payload(script: dict, dossier: Dossier) -> dict:
    text = script.get("text") or ""
    action = script["action"]
    if action == "citizen_supplement":
        ids = list(
            dossier.components.exclude(state=ComponentState.PRESENT).values_list("pk", flat=True)
        )
        return {"components": ids}
    if action == "partner_reply":
        open_row = dossier.consultations.filter(replied_at__isnull=True).first()
        return {"consultation": open_row.pk if open_row else None, "reply": text or "Đồng ý."}
    keys = {
        "leader_return": "reason",
        "signer_reject": "reason",
        "withdraw": "reason",
        "add_note": "text",
        "sign": "signer_name",
    }
    return {keys[action]: text} if action in keys and text else {}


# ---------------------------------------------------------------------------------------
# Reset, submit, assess
# ---------------------------------------------------------------------------------------


@transaction.atomic
def attempt_reset(*, attempt: ScenarioAttempt, user) -> ScenarioAttempt:
    """Practice only: throw the workspace away and seed it again with the same seed."""
    attempt = (
        ScenarioAttempt.objects.select_for_update().select_related("version").get(pk=attempt.pk)
    )
    if attempt.user_id != user.pk:
        raise ScenarioError(_("This is not your attempt."))
    if attempt.mode != Mode.PRACTICE:
        raise ScenarioError(_("Only practice attempts can be started over."))
    if not attempt.is_in_progress:
        raise ScenarioError(_("This attempt has already been submitted."))
    old = attempt.workspace
    workspace, dossier_map, truth = workspace_from_spec(
        attempt.version.spec, seed=attempt.seed, owner=attempt.user, title=old.title
    )
    attempt.workspace = workspace
    attempt.dossier_map, attempt.truth, attempt.fired_scripts = dossier_map, truth, []
    attempt.save(update_fields=["workspace", "dossier_map", "truth", "fired_scripts"])
    old.delete()
    return attempt


REPORT_FIELDS = REPORT_FIGURES


@transaction.atomic
def attempt_submit(*, attempt: ScenarioAttempt, user=None, answers=None, auto=False):
    """Close the workspace, assess, store the result; a passed counting attempt completes
    the activity in the same transaction. Refused if already submitted."""
    # The workspace first, then the attempt: the order `dossier_transition` and the clock
    # use, so an action cannot slip in while the attempt is assessed, and nothing deadlocks.
    workspace = (
        Workspace.objects.select_for_update().filter(pk=attempt.workspace_id).first()
        if attempt.workspace_id
        else None
    )
    locked = (
        ScenarioAttempt.objects.select_for_update(of=("self",))
        .select_related("version", "scenario")
        .get(pk=attempt.pk)
    )
    if user is not None and locked.user_id != user.pk:
        raise ScenarioError(_("This is not your attempt."))
    if not locked.is_in_progress or workspace is None or locked.workspace_id != workspace.pk:
        raise ScenarioError(_("This attempt has already been submitted; it was assessed once."))
    now = timezone.now()
    if answers is not None:
        locked.answers = answers
    workspace.closed_at = now
    workspace.save(update_fields=["closed_at"])
    locked.workspace = workspace
    result = assess(locked.version.spec, load_trace(locked))
    locked.state = ScenarioAttempt.State.ASSESSED
    locked.submitted_at = now
    locked.auto_submitted = auto
    locked.score = result.score
    locked.passed = result.passed
    locked.result = result.as_dict()
    locked.save()
    counts = locked.mode == Mode.ASSESSED or locked.scenario.mode == Mode.PRACTICE
    if counts:
        try:
            activity_record_result(
                user=locked.user,
                activity=_activity(locked),
                passed=bool(result.passed),
                score=result.score,
            )
        except PermissionDenied:
            # No longer enrolled (HR removed the course): the assessment stands, there is
            # no course progress to record.
            pass
    for name in ("state", "submitted_at", "auto_submitted", "score", "passed", "result", "answers"):
        setattr(attempt, name, getattr(locked, name))
    return attempt


def _activity(attempt):
    page = attempt.scenario
    # `activity_record_result` reads `activity.course`; the attempt knows it.
    page.course = attempt.course
    return page


def load_trace(attempt: ScenarioAttempt) -> Trace:
    """Everything the assessor reads, in a fixed number of queries."""
    workspace = attempt.workspace
    labels = {str(pk): label for label, pks in attempt.dossier_map.items() for pk in pks}
    dossiers = {}
    for row in Dossier.objects.filter(workspace=workspace).values(
        "id",
        "code",
        "status",
        "channel",
        "rules",
        "received_at",
        "due_date",
        "original_due_date",
        "apology_due_date",
        "fee_amount",
        "fee_status",
        "handling_unit__code",
    ):
        dossiers[row["id"]] = DossierState(
            id=row["id"],
            label=labels.get(str(row["id"]), ""),
            code=row["code"],
            status=row["status"],
            channel=row["channel"],
            rules=row["rules"],
            received_at=row["received_at"],
            due_date=row["due_date"],
            original_due_date=row["original_due_date"],
            apology_due_date=row["apology_due_date"],
            fee_amount=row["fee_amount"],
            fee_status=row["fee_status"],
            handling_unit=row["handling_unit__code"],
            truth=attempt.truth.get(str(row["id"]), {}),
        )
    for row in DossierComponent.objects.filter(workspace=workspace).values(
        "id", "dossier_id", "position", "state", "mandatory", "condition"
    ):
        row["position"] += 1
        if row["dossier_id"] in dossiers:
            dossiers[row["dossier_id"]].components.append(row)
    events = [
        EventRow(
            id=row["id"],
            dossier_id=row["dossier_id"],
            action=row["action"],
            role=row["role"],
            scripted=row["actor_id"] is None,
            payload=row["payload"],
            sim_at=row["sim_at"],
            from_status=row["from_status"],
            to_status=row["to_status"],
        )
        for row in DossierEvent.objects.filter(workspace=workspace)
        .order_by("sim_at", "id")
        .values(
            "id",
            "dossier_id",
            "action",
            "role",
            "actor_id",
            "payload",
            "sim_at",
            "from_status",
            "to_status",
        )
    ]
    artefacts = [
        ArtefactRow(**row)
        for row in Artefact.objects.filter(workspace=workspace)
        .order_by("issued_at", "id")
        .values("dossier_id", "kind", "number", "content", "issued_at")
    ]
    spec = attempt.version.spec
    report = None
    if spec.get("report") and any(c["check"] == "report_figure" for c in spec["rubric"]):
        report = report_figures(workspace, spec["report"])
    return Trace(
        dossiers=dossiers,
        events=events,
        artefacts=artefacts,
        calendar=WorkingCalendar.for_profile(workspace.rule_profile),
        answers=attempt.answers or {},
        report=report,
        unit_names=dict(Unit.objects.values_list("code", "name_vi")),
    )


def report_figures(workspace: Workspace, report: dict) -> dict:
    from ..statistics import unit_report

    unit = Unit.objects.get(code=report["unit"])
    rows = unit_report(
        workspace=workspace,
        unit=unit,
        period_start=datetime.date.fromisoformat(report["period_start"]),
        period_end=datetime.date.fromisoformat(report["period_end"]),
    )
    row = rows[0]
    figures = {name: getattr(row, name) for name in REPORT_FIELDS if hasattr(row, name)}
    figures["received_total"] = row.received_total
    figures["resolved_total"] = row.resolved_early + row.resolved_on_time + row.resolved_late
    figures["in_progress_total"] = row.in_progress_within + row.in_progress_overdue
    return figures


@transaction.atomic
def attempt_reassess(*, attempt: ScenarioAttempt) -> ScenarioAttempt:
    """Assess a submitted attempt again with its own version: the same result (idempotent)."""
    locked = (
        ScenarioAttempt.objects.select_for_update(of=("self",))
        .select_related("version", "workspace")
        .get(pk=attempt.pk)
    )
    result = assess(locked.version.spec, load_trace(locked))
    locked.score, locked.passed, locked.result = result.score, result.passed, result.as_dict()
    locked.save(update_fields=["score", "passed", "result"])
    return locked
