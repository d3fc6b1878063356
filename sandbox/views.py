"""Role screens of the sandbox: workspace home, role queues, the dossier detail with the
action forms of the role, desk intake and the citizen portal.

Every object is loaded through the permission-scoped querysets (another user's workspace is
a 404); every write is one call to a `sandbox.services` function. One generic detail view,
parametrised by the role in the URL, serves all roles: the buttons are exactly
`allowed_actions(status, role)`.
"""

from __future__ import annotations

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.db.models import F
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from training.people.models import Ward

from .calendar import VN_TZ
from .fees import FeeStatus
from .forms import (
    PLAYABLE_ROLES,
    ActionForm,
    ApplicantForm,
    ClockForm,
    DeskIntakeForm,
    QueueFilterForm,
)
from .models import Channel, ComponentState, Dossier, Procedure, Workspace
from .services import (
    DossierChanged,
    SandboxError,
    dossier_create,
    dossier_transition,
    workspace_advance_clock,
)
from .workflow import CLOSED, Action, ActorRole, Status, allowed_actions, queue_statuses

PAGE_SIZE = 50
ROLE_SLUGS = {r.value.lower(): r for r in PLAYABLE_ROLES}
# Actions shown as links elsewhere, never as forms.
HIDDEN_ACTIONS = {"open_attachment"}
# The table allows payment in many statuses; offering it again once paid only confuses.
PAYMENT_ACTIONS = {"pay_online", "pay_at_desk"}


def _role(slug: str) -> ActorRole:
    try:
        return ROLE_SLUGS[slug]
    except KeyError:
        raise Http404 from None


def _workspace(request, pk: int, *, act: bool = False) -> Workspace:
    qs = (
        Workspace.objects.actable_by(request.user)
        if act
        else Workspace.objects.visible_to(request.user)
    )
    # A practice scenario (`sandbox.scenarios`) owns its attempt's workspace through a
    # reverse one-to-one; the screens show its banner. Read by name: no import of it here.
    workspace = get_object_or_404(qs.select_related("scenario_attempt__scenario"), pk=pk)
    try:
        workspace.exercise = workspace.scenario_attempt
    except ObjectDoesNotExist:
        workspace.exercise = None
    if act and _others_exercise(request, workspace):
        raise Http404
    return workspace


def _others_exercise(request, workspace: Workspace) -> bool:
    """An exercise is its owner's own work: trainers look at it but do not act in it."""
    return workspace.exercise is not None and workspace.owner_id != request.user.pk


def _may_act(request, workspace: Workspace) -> bool:
    return workspace.can_act(request.user) and not _others_exercise(request, workspace)


def _dossier(request, ws: Workspace, pk: int) -> Dossier:
    qs = Dossier.objects.visible_to(request.user).in_workspace(ws).for_listing()
    return get_object_or_404(qs, pk=pk)


def _roles_context(ws):
    """The role picker: every playable role, or only those an exercise lets the owner play."""
    allowed = ws.role_list
    return [
        {"slug": slug, "role": role, "url": reverse("sandbox:queue", args=[ws.pk, slug])}
        for slug, role in ROLE_SLUGS.items()
        if not allowed or role in allowed
    ]


@login_required
def workspace_list(request):
    workspaces = Workspace.objects.visible_to(request.user)
    if workspaces.count() == 1:
        return redirect("sandbox:workspace", workspaces.get().pk)
    return render(request, "sandbox/workspace_list.html", {"workspaces": workspaces})


@login_required
def workspace_home(request, ws: int):
    workspace = _workspace(request, ws)
    base = Dossier.objects.in_workspace(workspace)
    roles = _roles_context(workspace)
    for item in roles:
        role = item["role"]
        # One count per role: a fixed six queries whatever the workspace holds.
        item["count"] = (
            base.exclude(channel=Channel.DESK).exclude(status__in=CLOSED).count()
            if role == ActorRole.CD
            else base.queue(role).count()
        )
    return render(
        request,
        "sandbox/workspace.html",
        {
            "workspace": workspace,
            "roles": roles,
            "clock_form": ClockForm(),
            "can_act": _may_act(request, workspace),
            "local_now": workspace.now.astimezone(VN_TZ),
        },
    )


@login_required
@require_POST
def advance_clock(request, ws: int):
    workspace = _workspace(request, ws, act=True)
    form = ClockForm(request.POST)
    if form.is_valid():
        try:
            workspace_advance_clock(workspace=workspace, **form.amounts())
        except SandboxError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The simulated clock has moved on."))
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return redirect("sandbox:workspace", workspace.pk)


@login_required
def queue(request, ws: int, role: str):
    workspace = _workspace(request, ws)
    actor_role = _role(role)
    base = Dossier.objects.in_workspace(workspace)
    if actor_role == ActorRole.CD:
        # The citizen sees every dossier they submitted online (the practice portal has one
        # citizen per workspace), whatever its status.
        qs = base.exclude(channel=Channel.DESK)
        statuses = Status.choices
    else:
        qs = base.queue(actor_role)
        statuses = [(s, Status(s).label) for s in Status.values if s in queue_statuses(actor_role)]
    form = QueueFilterForm(request.GET or None, statuses=statuses)
    if form.is_valid():
        qs = form.apply(qs)
    # Most urgent first; dossiers not yet received (no deadline) after them.
    qs = (
        qs.for_listing()
        .with_deadlines(workspace)
        .order_by(F("deadline").asc(nulls_last=True), "pk")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "sandbox/queue.html",
        {
            "workspace": workspace,
            "role": actor_role,
            "role_slug": role,
            "roles": _roles_context(workspace),
            "form": form,
            "page": page,
            "query": query.urlencode(),
        },
    )


def _action_forms(dossier, role, data=None, files=None, failed=None):
    forms = []
    for transition in allowed_actions(dossier.status, role):
        if transition.creates or transition.action in HIDDEN_ACTIONS:
            continue
        if transition.action in PAYMENT_ACTIONS and dossier.fee_status != FeeStatus.UNPAID:
            continue
        if failed is not None and failed.action == transition.action:
            forms.append(failed)
        else:
            forms.append(ActionForm(dossier=dossier, action=transition.action))
    return forms


@login_required
def dossier_detail(request, ws: int, role: str, pk: int):
    workspace = _workspace(request, ws)
    actor_role = _role(role)
    dossier = _dossier(request, workspace, pk)
    failed = None
    if request.method == "POST":
        workspace = _workspace(request, ws, act=True)
        action = request.POST.get("action", "")
        failed = ActionForm(request.POST, request.FILES, dossier=dossier, action=action)
        # The hidden field is prefixed; read the unprefixed name the template posts.
        if failed.is_valid():
            try:
                dossier_transition(
                    dossier=dossier,
                    action=action,
                    actor=request.user,
                    role=actor_role,
                    payload=failed.payload(),
                    expected_version=failed.cleaned_data["expected_version"],
                    upload=failed.cleaned_data.get("upload"),
                )
            except DossierChanged:
                messages.error(
                    request, _("This dossier has changed since you opened it; reload it.")
                )
                return redirect(request.path)
            except SandboxError as exc:
                # The service names the upload "file"; the form calls it "upload".
                field = "upload" if exc.field == "file" else exc.field
                field = field if field in failed.fields else None
                failed.add_error(field, exc.message)
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Done: %(action)s.") % {"action": action_label(action)})
                return redirect(request.path)
    return render(
        request,
        "sandbox/dossier.html",
        {
            "workspace": workspace,
            "role": actor_role,
            "role_slug": role,
            "roles": _roles_context(workspace),
            "dossier": dossier,
            "components": dossier.components.all(),
            "events": _events(dossier),
            "artefacts": dossier.artefacts.all(),
            "action_forms": _action_forms(dossier, actor_role, failed=failed),
            "can_act": _may_act(request, workspace)
            and (not workspace.role_list or actor_role in workspace.role_list),
        },
        status=400 if failed is not None else 200,
    )


def _events(dossier) -> list:
    """The dossier's history; a paper check says which paper and what was found."""
    events = list(dossier.events.all())
    states = dict(ComponentState.choices)
    for event in events:
        event.state_label = states.get(event.payload.get("state"), "")
    return events


def action_label(action: str) -> str:
    try:
        return str(Action(action).label)
    except ValueError:
        return action


@login_required
def artefact_print(request, ws: int, pk: int, artefact: int):
    workspace = _workspace(request, ws)
    dossier = _dossier(request, workspace, pk)
    doc = get_object_or_404(dossier.artefacts.all(), pk=artefact)
    return HttpResponse(doc.render_html())


@login_required
def tracking_book(request, ws: int):
    """Mẫu 06 of one receiving desk of the workspace (`?unit=<code>&year=<yyyy>`), printable.
    The desks offered are those that accepted dossiers here."""
    from training.people.models import Unit

    from .artefacts import render_tracking_book

    workspace = _workspace(request, ws)
    desks = Unit.objects.filter(
        pk__in=Dossier.objects.in_workspace(workspace)
        .filter(received_at__isnull=False)
        .values("receiving_unit")
    ).order_by("code")
    unit = desks.filter(code=request.GET.get("unit", "")).first() or desks.first()
    if unit is None:
        messages.info(request, _("No dossier has been accepted in this workspace yet."))
        return redirect("sandbox:workspace", workspace.pk)
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else workspace.now.year
    return HttpResponse(render_tracking_book(workspace, unit, year=year))


@login_required
def component_file(request, ws: int, role: str, pk: int, component: int):
    """Download an uploaded component; opening it is part of the trainee's trace."""
    workspace = _workspace(request, ws)
    dossier = _dossier(request, workspace, pk)
    item = get_object_or_404(dossier.components.exclude(file=""), pk=component)
    # Looking at a submitted exercise, or at someone else's, is not part of its trace.
    if _may_act(request, workspace):
        try:
            dossier_transition(
                dossier=dossier,
                action=Action.OPEN_ATTACHMENT,
                actor=request.user,
                role=_role(role),
                payload={"component": item.pk},
                expected_version=None,
            )
        except SandboxError as error:
            raise Http404(error.message) from error
    return FileResponse(
        item.file.open("rb"), as_attachment=True, filename=os.path.basename(item.file.name)
    )


def _procedures(workspace):
    return Procedure.objects.in_force(
        workspace.now.astimezone(VN_TZ).date(), workspace.rule_profile
    )


@login_required
def desk_intake(request, ws: int):
    workspace = _workspace(request, ws, act=True)
    form = DeskIntakeForm(
        request.POST or None,
        procedures=_procedures(workspace),
        units=Ward.objects.all(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            dossier = dossier_create(
                workspace=workspace,
                procedure=form.cleaned_data["procedure"],
                channel=Channel.DESK,
                actor=request.user,
                role=ActorRole.TN,
                applicant=form.applicant(),
                receiving_unit=form.cleaned_data["receiving_unit"],
                request_summary=form.cleaned_data["request_summary"],
                delivery=form.cleaned_data["delivery"],
                delivery_address=form.cleaned_data["delivery_address"],
            )
        except SandboxError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The paper dossier has been registered."))
            return redirect("sandbox:dossier", workspace.pk, "tn", dossier.pk)
    return render(
        request,
        "sandbox/desk_intake.html",
        {
            "workspace": workspace,
            "roles": _roles_context(workspace),
            "form": form,
            "role": ActorRole.TN,
            "role_slug": "tn",
        },
    )


@login_required
def portal(request, ws: int):
    workspace = _workspace(request, ws)
    procedures = _procedures(workspace).prefetch_related("components")
    return render(
        request,
        "sandbox/portal.html",
        {
            "workspace": workspace,
            "roles": _roles_context(workspace),
            "procedures": procedures,
            "role": ActorRole.CD,
            "role_slug": "cd",
        },
    )


@login_required
def portal_apply(request, ws: int, procedure: int):
    workspace = _workspace(request, ws, act=True)
    card = get_object_or_404(_procedures(workspace), pk=procedure)
    ward_level = card.receiving_tier == "ward"
    form = ApplicantForm(request.POST or None, wards=Ward.objects.all() if ward_level else None)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = dossier_create(
                workspace=workspace,
                procedure=card,
                channel=Channel.ONLINE,
                actor=request.user,
                role=ActorRole.CD,
                applicant=form.applicant(),
                receiving_unit=form.cleaned_data.get("receiving_unit"),
                request_summary=form.cleaned_data["request_summary"],
                delivery=form.cleaned_data["delivery"],
                delivery_address=form.cleaned_data["delivery_address"],
            )
        except SandboxError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request, _("Your draft is saved. Upload the components, then submit it.")
            )
            return redirect("sandbox:dossier", workspace.pk, "cd", dossier.pk)
    return render(
        request,
        "sandbox/portal_apply.html",
        {
            "workspace": workspace,
            "roles": _roles_context(workspace),
            "card": card,
            "form": form,
            "role": ActorRole.CD,
            "role_slug": "cd",
        },
    )


@login_required
def portal_track(request, ws: int):
    workspace = _workspace(request, ws)
    code = (request.GET.get("code") or "").strip()
    if code:
        found = (
            Dossier.objects.visible_to(request.user)
            .in_workspace(workspace)
            .filter(code__iexact=code)
            .first()
        )
        if found:
            return redirect("sandbox:dossier", workspace.pk, "cd", found.pk)
        messages.error(request, _("No dossier has this code in this workspace."))
    return redirect("sandbox:portal", workspace.pk)
