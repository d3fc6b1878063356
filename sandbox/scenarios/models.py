"""Practice scenarios: a course activity in which the officer works seeded dossiers in a
workspace of their own, and an automatic assessor grades what they did.

* `ScenarioPage` is authored in Wagtail (briefing, roles, clock, seeded dossiers, scripted
  actors, expected path, rubric). A scenario that cannot be graded cannot be published.
* `ScenarioVersion` freezes the gradable part (`spec`) the first time an attempt uses it;
  editing the page later makes a new version, and earlier attempts keep theirs.
* `ScenarioAttempt` ties the officer, the version, the seed and the workspace together and
  holds the stored assessment.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from courses.models import ActivityPage
from training.people.roles import Role, user_roles

from ..forms import PLAYABLE_ROLES
from ..workflow import ActorRole
from .assessor import CHECKS
from .blocks import (
    CriterionBlock,
    HistoryBlock,
    ScriptBlock,
    SeedDossierBlock,
    StepBlock,
    _positions,
)
from .rules import RULES


class Mode(models.TextChoices):
    PRACTICE = "practice", _("Practice (unlimited, can be reset)")
    ASSESSED = "assessed", _("Assessed (counts for the course)")


class ScenarioPageForm(WagtailAdminPageForm):
    """The trainee roles as checkboxes over the stored comma-separated codes."""

    def __init__(self, *args, **kwargs):
        from django import forms

        super().__init__(*args, **kwargs)
        self.fields["trainee_roles"] = forms.MultipleChoiceField(
            label=_("roles the officer plays"),
            choices=[(r.value, r.label) for r in PLAYABLE_ROLES],
            widget=forms.CheckboxSelectMultiple,
            initial=self.instance.role_list,
        )

    def clean_trainee_roles(self):
        return ",".join(self.cleaned_data["trainee_roles"])


class ScenarioPage(ActivityPage):
    briefing = RichTextField(_("briefing"), features=["h3", "bold", "italic", "ol", "ul", "link"])
    trainee_roles = models.CharField(
        _("roles the officer plays"), max_length=60, default=ActorRole.TN
    )
    clock_start = models.DateTimeField(
        _("simulated clock starts at"),
        help_text=_("The workspace clock when the officer starts; seeded dossiers arrive before."),
    )
    clock_variants = models.CharField(
        _("other start times"),
        max_length=300,
        blank=True,
        help_text=_(
            "e.g. “2025-01-23 10:15 | 2025-01-22 14:00”: each attempt draws the start above or "
            "one of these, and every seeded arrival moves by the same amount, so officers get "
            "different answers to work out."
        ),
    )
    time_limit_working_days = models.PositiveSmallIntegerField(
        _("simulated time allowed (working days)"),
        null=True,
        blank=True,
        help_text=_(
            "When the simulated clock passes this many working days after the start, the "
            "attempt is submitted for assessment. Empty: only the officer submits."
        ),
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.ASSESSED)
    assessed_attempts = models.PositiveSmallIntegerField(
        _("assessed attempts"), default=2, help_text=_("0 for unlimited.")
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=80, validators=[MaxValueValidator(100)]
    )
    manual_calculation = models.BooleanField(
        _("officer calculates the appointment and the fee"),
        default=False,
        help_text=_(
            "The desk officer types the appointment date and the fee on Mẫu 01 instead of "
            "the system calculating them (exercises on R-DUE and R-FEE)."
        ),
    )
    report_unit = models.ForeignKey(
        "people.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("report: unit"),
        help_text=_("For report exercises: the officer fills in report II.06a for this unit."),
    )
    report_period_start = models.DateField(_("report: period from"), null=True, blank=True)
    report_period_end = models.DateField(_("report: period to"), null=True, blank=True)
    dossiers = StreamField(
        [("dossier", SeedDossierBlock())], verbose_name=_("seeded dossiers"), blank=True
    )
    history = StreamField(
        [("history", HistoryBlock())], verbose_name=_("generated history"), blank=True
    )
    scripts = StreamField(
        [("script", ScriptBlock())], verbose_name=_("scripted actors"), blank=True
    )
    expected_path = StreamField(
        [("step", StepBlock())], verbose_name=_("expected path"), blank=True
    )
    rubric = StreamField([("criterion", CriterionBlock())], verbose_name=_("rubric"), blank=True)

    base_form_class = ScenarioPageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("estimated_minutes"),
        FieldPanel("briefing"),
        FieldPanel("trainee_roles"),
        FieldRowPanel([FieldPanel("clock_start"), FieldPanel("time_limit_working_days")]),
        FieldPanel("clock_variants"),
        FieldPanel("dossiers"),
        FieldPanel("history"),
        FieldPanel("scripts"),
        FieldPanel("expected_path"),
    ]
    rubric_panels = [
        FieldRowPanel(
            [FieldPanel("mode"), FieldPanel("assessed_attempts"), FieldPanel("pass_mark")]
        ),
        FieldPanel("manual_calculation"),
        MultiFieldPanel(
            [
                FieldPanel("report_unit"),
                FieldRowPanel([FieldPanel("report_period_start"), FieldPanel("report_period_end")]),
            ],
            heading=_("Report exercise"),
        ),
        FieldPanel("rubric"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Scenario")),
            ObjectList(rubric_panels, heading=_("Rubric")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(ActivityPage.settings_panels, heading=_("Settings")),
        ]
    )
    activity_label = _("Practice scenario")
    template = "scenarios/scenario_page.html"

    class Meta:
        verbose_name = _("practice scenario")
        verbose_name_plural = _("practice scenarios")

    @property
    def role_list(self) -> list[str]:
        return [r for r in (self.trainee_roles or "").split(",") if r]

    # -- validation --------------------------------------------------------------------

    def clean(self):
        super().clean()
        errors = spec_errors(self.build_spec())
        if errors:
            raise ValidationError({"rubric": errors} if errors else None)

    # -- the frozen spec ---------------------------------------------------------------

    def build_spec(self) -> dict:
        """The gradable part of the scenario as plain JSON (what a version freezes)."""

        def plain(value):
            if hasattr(value, "isoformat"):
                return value.isoformat()
            if isinstance(value, Decimal):
                return str(value)
            return value

        dossiers = []
        for block in self.dossiers:
            v = block.value
            dossiers.append(
                {
                    "label": v["label"],
                    "procedure": v["procedure"],
                    "channel": v["channel"],
                    "receiving_unit": v.get("receiving_unit") or "",
                    "arrives_at": plain(v["arrives_at"]),
                    "status": v["status"],
                    "missing": v.get("missing") or "",
                    "defective": v.get("defective") or "",
                    "defect_note": v.get("defect_note") or "",
                    "copies": v.get("copies") or 1,
                    "pages": v.get("pages") or 1,
                    "page_variants": v.get("page_variants") or "",
                    "request": v.get("request") or "",
                    "count": v.get("count") or 1,
                }
            )
        history = [
            {k: plain(block.value.get(k)) for k in HistoryBlock.base_blocks}
            for block in self.history
        ]
        scripts = [
            {k: plain(block.value.get(k)) for k in ScriptBlock.base_blocks}
            for block in self.scripts
        ]
        path = [
            {k: plain(block.value.get(k)) for k in StepBlock.base_blocks}
            for block in self.expected_path
        ]
        rubric = []
        for block in self.rubric:
            item = {k: plain(block.value.get(k)) for k in CriterionBlock.base_blocks}
            item["key"] = block.id or f"c{len(rubric) + 1}"
            rubric.append(item)
        return {
            "title": self.title,
            "roles": self.role_list,
            "clock_start": plain(self.clock_start),
            "clock_variants": [v.strip() for v in self.clock_variants.split("|") if v.strip()],
            "time_limit_working_days": self.time_limit_working_days,
            "pass_mark": self.pass_mark,
            "manual_calculation": self.manual_calculation,
            "report": (
                {
                    "unit": self.report_unit.code,
                    "period_start": plain(self.report_period_start),
                    "period_end": plain(self.report_period_end),
                }
                if self.report_unit_id and self.report_period_start and self.report_period_end
                else None
            ),
            "dossiers": dossiers,
            "history": history,
            "scripts": scripts,
            "expected_path": path,
            "rubric": rubric,
        }

    def current_version(self) -> ScenarioVersion:
        """The version matching the page as it is now, made if it does not exist yet. Two
        officers starting a just-published version at once both get the same one."""
        spec = self.build_spec()
        digest = spec_digest(spec)
        for _try in range(3):
            version = ScenarioVersion.objects.filter(scenario=self, digest=digest).first()
            if version is not None:
                return version
            number = (
                ScenarioVersion.objects.filter(scenario=self).aggregate(n=models.Max("number"))["n"]
                or 0
            ) + 1
            try:
                with transaction.atomic():
                    return ScenarioVersion.objects.create(
                        scenario=self, number=number, digest=digest, spec=spec
                    )
            except IntegrityError:
                continue  # another start made it (or took the number) first: look again
        raise RuntimeError("Could not record the scenario version.")

    # -- serving -----------------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        from .services import attempt_availability

        context = super().get_context(request, *args, **kwargs)
        attempts = list(
            ScenarioAttempt.objects.filter(scenario=self, user=request.user).order_by("-number")
        )
        context["attempts"] = attempts
        context["in_progress"] = next((a for a in attempts if a.is_in_progress), None)
        context["availability"] = attempt_availability(
            scenario=self, user=request.user, attempts=attempts
        )
        context["roles"] = [ActorRole(r).label for r in self.role_list]
        return context

    def process_activity_post(self, request):
        """Start an attempt (practice or assessed), or resume the one in progress."""
        from django.contrib import messages
        from django.shortcuts import redirect

        from .services import ScenarioError, attempt_start

        try:
            attempt = attempt_start(
                scenario=self, user=request.user, course=self.course, mode=request.POST.get("mode")
            )
        except ScenarioError as error:
            messages.error(request, error.message)
            return redirect(self.url)
        return redirect(attempt.get_absolute_url())


def spec_digest(spec: dict) -> str:
    return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()


def spec_errors(spec: dict) -> list[str]:
    """Why a scenario cannot be graded (empty when it can): no criteria, an unknown rule or
    check, a weight that is not positive, a label nobody seeded."""
    errors = []
    labels = {d["label"] for d in spec["dossiers"]}
    if not spec["rubric"]:
        errors.append(
            gettext("Add at least one criterion: a scenario without a rubric cannot be graded.")
        )
    if not spec["dossiers"] and not spec.get("history"):
        errors.append(gettext("Seed at least one dossier."))
    if len(labels) != len(spec["dossiers"]):
        errors.append(gettext("Each seeded dossier needs its own label."))
    if not spec["roles"]:
        errors.append(gettext("Choose at least one role the officer plays."))
    for value in spec.get("clock_variants", []):
        try:
            datetime.datetime.fromisoformat(value)
        except ValueError:
            errors.append(
                gettext("“%(value)s” is not a start time (write 2025-01-23 10:15).")
                % {"value": value}
            )
    for d in spec["dossiers"]:
        if any(not p.strip().isdigit() for p in d.get("page_variants", "").split("|") if p):
            errors.append(gettext("Dossier %(label)s: page counts must be numbers.") % d)
        for key in ("missing", "defective"):
            try:
                _positions(d[key])
            except ValueError:
                errors.append(gettext("Dossier %(label)s: card positions must be numbers.") % d)
    if spec["rubric"] and all(c.get("warning") for c in spec["rubric"]):
        errors.append(
            gettext("At least one criterion must carry points (not all can be warnings only).")
        )
    for n, c in enumerate(spec["rubric"], start=1):
        name = c.get("title") or str(n)
        if c.get("critical") and c.get("warning"):
            errors.append(
                gettext("Criterion “%(name)s”: a warning-only criterion cannot be critical.")
                % {"name": name}
            )
        check = CHECKS.get(c.get("check"))
        problem = check.validate(c) if check else None
        if problem:
            errors.append(
                gettext("Criterion “%(name)s”: %(problem)s") % {"name": name, "problem": problem[1]}
            )
        if c.get("rule") not in RULES:
            errors.append(
                gettext("Criterion “%(name)s”: unknown rule “%(rule)s”.")
                % {"name": name, "rule": c.get("rule")}
            )
        if c.get("check") not in CHECKS:
            errors.append(gettext("Criterion “%(name)s”: unknown check.") % {"name": name})
        try:
            weight = Decimal(str(c.get("weight")))
        except ArithmeticError:
            weight = Decimal("0")
        if not weight > 0:
            errors.append(
                gettext("Criterion “%(name)s”: the weight must be positive.") % {"name": name}
            )
        if c.get("dossier") and c["dossier"] not in labels:
            errors.append(
                gettext("Criterion “%(name)s”: no seeded dossier is labelled “%(label)s”.")
                % {"name": name, "label": c["dossier"]}
            )
        if c.get("check") == "report_figure" and not spec["report"]:
            errors.append(
                gettext("Criterion “%(name)s”: set the report unit and period.") % {"name": name}
            )
    for s in spec["scripts"]:
        if s.get("dossier") not in labels:
            errors.append(
                gettext("A scripted action refers to an unknown dossier “%(label)s”.")
                % {"label": s.get("dossier")}
            )
    return errors


class ScenarioVersion(models.Model):
    """The gradable part of a scenario as it was when attempts used it."""

    scenario = models.ForeignKey(ScenarioPage, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    digest = models.CharField(max_length=64)
    spec = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["scenario", "number"]
        verbose_name = _("scenario version")
        constraints = [
            models.UniqueConstraint(fields=["scenario", "number"], name="scenarios_version_number"),
            models.UniqueConstraint(fields=["scenario", "digest"], name="scenarios_version_digest"),
        ]

    def __str__(self):
        return f"{self.scenario.title} v{self.number}"


class ScenarioAttemptQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The officer's own attempts; every attempt for trainers, HR and administrators;
        a leader's unit's attempts for a leader."""
        if not user.is_authenticated:
            return self.none()
        roles = user_roles(user)
        if roles & {Role.TRAINER, Role.HR, Role.ADMINISTRATOR, "Giảng viên chính"}:
            return self.all()
        own = Q(user=user)
        if Role.LEADER in roles:
            from training.people.models import Officer

            unit = Officer.objects.filter(user=user).values("unit_id")[:1]
            return self.filter(own | Q(user__officer__unit_id__in=unit))
        return self.filter(own)

    def assessed(self):
        return self.filter(state=ScenarioAttempt.State.ASSESSED)


class ScenarioAttempt(models.Model):
    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("Not submitted yet")
        ASSESSED = "assessed", pgettext_lazy("attempt state", "Assessed")

    scenario = models.ForeignKey(
        ScenarioPage, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("scenario")
    )
    version = models.ForeignKey(
        ScenarioVersion,
        on_delete=models.PROTECT,
        related_name="attempts",
        verbose_name=_("version"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="scenario_attempts",
        verbose_name=_("officer"),
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="+", verbose_name=_("course")
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.IN_PROGRESS
    )
    seed = models.BigIntegerField(_("seed"))
    workspace = models.OneToOneField(
        "sandbox.Workspace",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="scenario_attempt",
        verbose_name=_("workspace"),
    )
    # label → dossier ids, and per dossier id the truth drawn from the seed.
    dossier_map = models.JSONField(default=dict)
    truth = models.JSONField(default=dict)
    fired_scripts = models.JSONField(default=list)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    auto_submitted = models.BooleanField(_("submitted by the simulated deadline"), default=False)
    score = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2, null=True)
    passed = models.BooleanField(_("passed"), null=True)
    result = models.JSONField(_("assessment"), null=True, blank=True)

    objects = ScenarioAttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("scenario attempt")
        verbose_name_plural = _("scenario attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["scenario", "user", "number"], name="scenarios_attempt_number"
            ),
            models.UniqueConstraint(
                fields=["scenario", "user"],
                condition=Q(state="in_progress"),
                name="scenarios_one_attempt_in_progress",
            ),
        ]
        indexes = [models.Index(fields=["scenario", "state"])]

    def __str__(self):
        return gettext("%(scenario)s · attempt %(number)s") % {
            "scenario": self.scenario.title if self.scenario_id else "",
            "number": self.number,
        }

    def get_absolute_url(self) -> str:
        return reverse("scenarios:attempt", args=[self.pk])

    def get_result_url(self) -> str:
        return reverse("scenarios:result", args=[self.pk])

    @property
    def is_in_progress(self) -> bool:
        return self.state == self.State.IN_PROGRESS

    @property
    def spec(self) -> dict:
        return self.version.spec
