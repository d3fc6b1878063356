"""What the officer sees of an attempt: the attempt page (briefing, clock, the way into the
sandbox screens, submit, start over) and the result (score, criteria, replay).

The scenario page itself (briefing, start) is `ScenarioPage`, served by Wagtail. Attempts
are loaded through `ScenarioAttempt.objects.visible_to(user)`: another officer's attempt is
a 404. Trainers, HR (and a leader for their unit) see attempts read-only; only the owner
submits or starts over, and each write is one call to `sandbox.scenarios.services`.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from training.people.models import Unit

from ..calendar import VN_TZ
from ..models import Dossier
from ..views import ROLE_SLUGS
from .forms import ResetForm, SubmitForm
from .models import Mode, ScenarioAttempt
from .replay import load_replay
from .rules import RULES, CriterionKind
from .services import ScenarioError, attempt_reset, attempt_submit

# The attempt page lists at most this many dossiers; the queue has them all.
DOSSIERS_SHOWN = 20


def _attempts(request):
    return ScenarioAttempt.objects.visible_to(request.user).select_related(
        "scenario", "version", "workspace", "course", "user__officer"
    )


def _attempt(request, pk: int) -> ScenarioAttempt:
    return get_object_or_404(_attempts(request), pk=pk)


def _own_attempt(request, pk: int) -> ScenarioAttempt:
    """Only the owner writes: anyone else gets the same 404 as for an unknown id."""
    return get_object_or_404(_attempts(request).filter(user=request.user), pk=pk)


def _role_links(attempt) -> list[dict]:
    """The sandbox queues of the roles the officer plays in this attempt."""
    workspace = attempt.workspace
    allowed = workspace.role_list if workspace else []
    links = []
    for slug, role in ROLE_SLUGS.items():
        if allowed and role not in allowed:
            continue
        links.append(
            {
                "role": role,
                "slug": slug,
                "label": role.label,
                "url": reverse("sandbox:queue", args=[workspace.pk, slug]),
            }
        )
    return links


def _assessed_rules(spec: dict) -> list[dict]:
    """What the rubric assesses, in words and without the answers: each rule once, with
    whether a mistake against it fails the attempt."""
    seen: dict[str, dict] = {}
    for criterion in spec.get("rubric", []):
        rule = RULES.get(criterion.get("rule"))
        if rule is None:
            continue
        item = seen.setdefault(
            rule.id,
            {"id": rule.id, "requirement": rule.requirement, "critical": False, "warning": True},
        )
        item["critical"] = item["critical"] or bool(criterion.get("critical"))
        item["warning"] = item["warning"] and bool(criterion.get("warning"))
    return list(seen.values())


def _report(spec: dict) -> dict | None:
    """The report exercise's unit and period, for people (name, dates)."""
    report = spec.get("report")
    if not report:
        return None
    unit = Unit.objects.filter(code=report["unit"]).first()
    return {
        "unit": unit.name if unit else report["unit"],
        "period_start": datetime.date.fromisoformat(report["period_start"]),
        "period_end": datetime.date.fromisoformat(report["period_end"]),
    }


def _attempt_context(request, attempt, *, submit_form=None, reset_form=None) -> dict:
    spec = attempt.version.spec
    workspace = attempt.workspace
    is_owner = attempt.user_id == request.user.pk
    if workspace is not None and not is_owner and not workspace.can_view(request.user):
        # A leader may follow their unit's attempts, not open the officer's workspace.
        workspace = None
    links = _role_links(attempt) if workspace else []
    dossiers, more = [], 0
    seeded = sorted(pk for pks in (attempt.dossier_map or {}).values() for pk in pks)
    if workspace and seeded:
        # Each dossier opens in the screen of the first role the officer plays; a long
        # list is left to the queue.
        slug = links[0]["slug"] if links else None
        shown = seeded[:DOSSIERS_SHOWN]
        more = len(seeded) - len(shown)
        for dossier in (
            Dossier.objects.in_workspace(workspace)
            .filter(pk__in=shown)
            .for_listing()
            .order_by("pk")
        ):
            dossier.role_url = (
                reverse("sandbox:dossier", args=[workspace.pk, slug, dossier.pk]) if slug else None
            )
            dossiers.append(dossier)
    return {
        "attempt": attempt,
        "scenario": attempt.scenario,
        "spec": spec,
        "workspace": workspace,
        "local_now": workspace.now.astimezone(VN_TZ) if workspace else None,
        "role_links": links,
        "dossiers": dossiers,
        "more_dossiers": more,
        "report": _report(spec),
        "assessed_rules": _assessed_rules(spec),
        "is_owner": is_owner,
        "can_submit": is_owner and attempt.is_in_progress,
        "can_reset": is_owner and attempt.is_in_progress and attempt.mode == Mode.PRACTICE,
        "submit_form": submit_form or SubmitForm(report=bool(spec.get("report"))),
        "reset_form": reset_form or ResetForm(),
    }


@never_cache
@login_required
def attempt_detail(request, pk: int):
    attempt = _attempt(request, pk)
    if not attempt.is_in_progress:
        return redirect(attempt.get_result_url())
    return TemplateResponse(request, "scenarios/attempt.html", _attempt_context(request, attempt))


@login_required
@require_POST
def attempt_submit_view(request, pk: int):
    attempt = _own_attempt(request, pk)
    form = SubmitForm(request.POST, report=bool(attempt.version.spec.get("report")))
    if not attempt.is_in_progress:
        messages.error(request, _("This attempt has already been submitted; it was assessed once."))
        return redirect(attempt.get_result_url())
    if not form.is_valid():
        messages.error(request, _("Your work was not submitted: see the form below."))
        context = _attempt_context(request, attempt, submit_form=form)
        return TemplateResponse(request, "scenarios/attempt.html", context, status=400)
    try:
        attempt_submit(attempt=attempt, user=request.user, answers=form.answers())
    except ScenarioError as error:
        messages.error(request, error.message)
        return redirect(attempt.get_absolute_url())
    messages.success(request, _("Your work has been submitted and assessed."))
    return redirect(attempt.get_result_url())


@login_required
@require_POST
def attempt_reset_view(request, pk: int):
    attempt = _own_attempt(request, pk)
    form = ResetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was reset: tick the box to confirm."))
        return redirect(attempt.get_absolute_url())
    try:
        attempt_reset(attempt=attempt, user=request.user)
    except ScenarioError as error:
        messages.error(request, error.message)
        return redirect(attempt.get_absolute_url())
    messages.success(request, _("The practice starts again with the same dossiers."))
    return redirect(attempt.get_absolute_url())


@never_cache
@login_required
def attempt_result(request, pk: int):
    attempt = _attempt(request, pk)
    if attempt.is_in_progress:
        messages.warning(request, _("This attempt has not been submitted yet."))
        return redirect(attempt.get_absolute_url())
    # Attempts imported without their detail (e.g. the demo's generated history) show the
    # score alone.
    result = attempt.result or {}
    criteria = [
        dict(c, kind_label=_kind_label(c.get("kind", ""))) for c in result.get("criteria", [])
    ]
    critical = [c for c in criteria if c["key"] in set(result.get("critical_failures", []))]
    context = {
        "attempt": attempt,
        "scenario": attempt.scenario,
        "spec": attempt.version.spec,
        "result": result,
        "criteria": criteria,
        "critical_failures": critical,
        "lost": [c for c in criteria if not c["passed"] and not c["warning"]],
        "replay": load_replay(attempt),
        "is_owner": attempt.user_id == request.user.pk,
        "officer_name": _officer_name(attempt.user),
    }
    return TemplateResponse(request, "scenarios/result.html", context)


def _kind_label(kind: str) -> str:
    try:
        return str(CriterionKind(kind).label)
    except ValueError:
        return kind


def _officer_name(user) -> str:
    officer = getattr(user, "officer", None)
    return getattr(officer, "full_name", "") or user.get_full_name() or user.get_username()
