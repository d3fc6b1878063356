"""Wagtail admin screens of practice-scenario results, for trainers, HR and administrators
(`scenarios.view_scenarioattempt`), under the menu item "Practice results":

* the index: every scenario with its attempts, officers, graded attempts, passes, pass rate
  and mean score, and the rules officers break most across all scenarios;
* a scenario: its criteria (most-broken first), the breakdown by department and ward, and
  its attempts, each linking to the officer's result page;
* XLSX exports of a scenario (attempts, criteria, units) and of every scenario's rule and
  criterion pass rates.

Filters (kind of unit, unit, mode, start date range) come from the query string; values
that are not understood are shown as form errors and no filter is applied, never a 500.
Attempts are read through `ScenarioAttempt.objects.visible_to`, so the figures are those the
reader may see.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets import AdminDateInput

from training.people.models import Unit
from training.reports.exports import xlsx_response

from . import analytics
from .models import Mode, ScenarioPage

PERMISSION = "scenarios.view_scenarioattempt"
ATTEMPTS_PER_PAGE = 50
# The mode labels of `Mode` explain the modes to trainers; a table needs the short ones.
MODE_LABELS = {
    Mode.PRACTICE: pgettext_lazy("attempt mode", "Practice"),
    Mode.ASSESSED: pgettext_lazy("attempt mode", "Assessed"),
}


class ResultsFilterForm(forms.Form):
    unit_kind = forms.ChoiceField(
        label=_("Departments or wards"),
        choices=[("", _("All units")), *Unit.Kind.choices],
        required=False,
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("All units"),
    )
    mode = forms.ChoiceField(
        label=_("Mode"),
        choices=[("", _("Practice and assessed")), *MODE_LABELS.items()],
        required=False,
    )
    date_from = forms.DateField(label=_("Started from"), required=False, widget=AdminDateInput)
    date_to = forms.DateField(label=_("Started until"), required=False, widget=AdminDateInput)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", gettext("The end of the range is before its start."))
        unit, kind = cleaned.get("unit"), cleaned.get("unit_kind")
        if unit is not None and kind and unit.kind != kind:
            self.add_error("unit", gettext("This unit is not of the kind chosen."))
        return cleaned


class ResultsMixin(WagtailAdminTemplateMixin):
    """Checks the permission and reads the filters; `attempts` is the reader's scope."""

    permission = PERMISSION
    header_icon = "clipboard-list"
    page_title = _("Practice results")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def filter_form(self) -> ResultsFilterForm:
        return ResultsFilterForm(self.request.GET or None)

    @cached_property
    def filters(self) -> dict:
        form = self.filter_form
        if not form.is_bound or not form.is_valid():
            return {}
        return {name: value for name, value in form.cleaned_data.items() if value}

    @cached_property
    def attempts(self):
        return analytics.attempts_for(self.request.user, **self.filters)

    def filter_query(self) -> str:
        """The valid filters as a query string, for the export links."""
        if not self.filters:
            return ""
        values = {
            name: (
                value.code
                if isinstance(value, Unit)
                else value.isoformat()
                if hasattr(value, "isoformat")
                else value
            )
            for name, value in self.filters.items()
        }
        return "?" + urlencode(values)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            filter_form=self.filter_form,
            filters_invalid=self.filter_form.is_bound and not self.filter_form.is_valid(),
            filtered=bool(self.filters),
            filter_query=self.filter_query(),
        )
        return context


class ResultsIndexView(ResultsMixin, TemplateView):
    template_name = "scenarios/admin/index.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            scenarios=analytics.scenario_figures(self.attempts),
            rules=analytics.rule_figures(self.attempts),
            export_url=reverse("scenario_results:export") + self.filter_query(),
        )
        return context


class ScenarioResultsView(ResultsMixin, TemplateView):
    template_name = "scenarios/admin/scenario.html"

    @cached_property
    def scenario(self) -> ScenarioPage:
        return get_object_or_404(
            ScenarioPage.objects.only("pk", "title", "slug"), pk=self.kwargs["pk"]
        )

    def get_page_subtitle(self):
        return self.scenario.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("scenario_results:index"), "label": self.page_title},
            {"url": "", "label": self.scenario.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        units = analytics.unit_figures(self.attempts.filter(scenario=self.scenario))
        paginator = Paginator(
            analytics.attempt_rows(self.attempts, self.scenario), ATTEMPTS_PER_PAGE
        )
        page = paginator.get_page(self.request.GET.get("p"))
        context.update(
            scenario=self.scenario,
            summary=analytics.scenario_summary(self.attempts, self.scenario),
            criteria=analytics.criterion_figures(self.attempts, self.scenario),
            units=units,
            kind_totals=analytics.kind_totals(units),
            attempts_page=page,
            elided_page_range=paginator.get_elided_page_range(page.number),
            export_url=reverse("scenario_results:scenario_export", args=[self.scenario.pk])
            + self.filter_query(),
        )
        return context


# ---- Exports ------------------------------------------------------------------------------


def _yes_no(value) -> str | None:
    if value is None:
        return None
    return gettext("Yes") if value else gettext("No")


def _officer(attempt) -> tuple[str, str, str]:
    officer = getattr(attempt.user, "officer", None)
    if officer is None:
        return attempt.user.get_username(), "", ""
    return officer.full_name, officer.employee_code, officer.unit.name if officer.unit_id else ""


def attempts_sheet(attempts):
    headers = [
        gettext("Officer"),
        gettext("Employee code"),
        gettext("Unit"),
        gettext("Attempt"),
        gettext("Mode"),
        gettext("State"),
        gettext("Started"),
        gettext("Submitted"),
        gettext("Score (%)"),
        gettext("Passed"),
    ]

    def rows():
        for attempt in attempts.iterator(chunk_size=1000):
            name, code, unit = _officer(attempt)
            yield [
                name,
                code,
                unit,
                attempt.number,
                str(MODE_LABELS.get(attempt.mode, attempt.mode)),
                attempt.get_state_display(),
                attempt.started_at,
                attempt.submitted_at,
                attempt.score,
                _yes_no(attempt.passed),
            ]

    return gettext("Attempts"), headers, rows()


def criteria_sheet(criteria, scenario_titles: dict | None = None):
    headers = [
        gettext("Criterion"),
        gettext("Rule"),
        gettext("Requirement"),
        gettext("Critical"),
        gettext("Warning only"),
        gettext("Graded attempts"),
        gettext("Passed"),
        gettext("Failed"),
        gettext("Pass rate (%)"),
    ]
    rows = [
        [
            c.title,
            c.rule,
            c.requirement,
            _yes_no(c.critical),
            _yes_no(c.warning),
            c.attempts,
            c.passed,
            c.failed,
            c.pass_rate,
        ]
        for c in criteria
    ]
    if scenario_titles is not None:
        headers.insert(0, gettext("Scenario"))
        for row, c in zip(rows, criteria, strict=True):
            row.insert(0, scenario_titles.get(c.scenario_id, ""))
    return gettext("Criteria"), headers, rows


def units_sheet(units, totals):
    headers = [
        gettext("Departments or wards"),
        gettext("Unit"),
        gettext("Attempts"),
        gettext("Officers"),
        gettext("Graded attempts"),
        gettext("Passed"),
        gettext("Pass rate (%)"),
        gettext("Mean score (%)"),
    ]
    rows = [
        [
            u.kind_label,
            u.name or gettext("No unit"),
            u.attempts,
            u.officers,
            u.graded,
            u.passes,
            u.pass_rate,
            u.mean_score,
        ]
        for u in [*units, *totals]
    ]
    return gettext("Units"), headers, rows


def rules_sheet(rules):
    headers = [
        gettext("Rule"),
        gettext("Requirement"),
        gettext("Legal basis"),
        gettext("Scenarios"),
        gettext("Criteria"),
        gettext("Times judged"),
        gettext("Passed"),
        gettext("Failed"),
        gettext("Pass rate (%)"),
    ]
    rows = [
        [
            r.rule,
            r.requirement,
            r.legal_basis,
            len(r.scenarios),
            len(r.criteria),
            r.attempts,
            r.passed,
            r.failed,
            r.pass_rate,
        ]
        for r in rules
    ]
    return pgettext("assessment rules", "Rules"), headers, rows


def scenarios_sheet(scenarios):
    headers = [
        gettext("Scenario"),
        gettext("Course"),
        gettext("Attempts"),
        gettext("Practice attempts"),
        gettext("Assessed attempts"),
        gettext("Officers"),
        gettext("Graded attempts"),
        gettext("Passed"),
        gettext("Pass rate (%)"),
        gettext("Mean score (%)"),
    ]
    rows = [
        [
            s.scenario.title,
            s.course_title,
            s.attempts,
            s.practice,
            s.assessed_mode,
            s.officers,
            s.graded,
            s.passes,
            s.pass_rate,
            s.mean_score,
        ]
        for s in scenarios
    ]
    return gettext("Scenarios"), headers, rows


class ScenarioExportView(ResultsMixin, View):
    def get(self, request, pk):
        scenario = get_object_or_404(ScenarioPage.objects.only("pk", "title", "slug"), pk=pk)
        if self.filter_form.is_bound and not self.filter_form.is_valid():
            # The page shows what is wrong with the filters.
            return redirect(
                reverse("scenario_results:scenario", args=[pk]) + "?" + request.GET.urlencode()
            )
        units = analytics.unit_figures(self.attempts.filter(scenario=scenario))
        return xlsx_response(
            f"ket-qua-thuc-hanh-{scenario.slug}.xlsx",
            [
                attempts_sheet(analytics.attempt_rows(self.attempts, scenario)),
                criteria_sheet(analytics.criterion_figures(self.attempts, scenario)),
                units_sheet(units, analytics.kind_totals(units)),
            ],
        )


class RulesExportView(ResultsMixin, View):
    def get(self, request):
        if self.filter_form.is_bound and not self.filter_form.is_valid():
            return redirect(reverse("scenario_results:index") + "?" + request.GET.urlencode())
        scenarios = analytics.scenario_figures(self.attempts)
        titles = {s.scenario.pk: s.scenario.title for s in scenarios}
        return xlsx_response(
            "ty-le-dat-theo-quy-tac.xlsx",
            [
                rules_sheet(analytics.rule_figures(self.attempts)),
                criteria_sheet(analytics.criterion_figures(self.attempts), titles),
                scenarios_sheet(scenarios),
            ],
        )


# ---- The viewset: URLs and the menu item ------------------------------------------------


class PermissionMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


class ScenarioResultsViewSet(ViewSet):
    name = "scenario_results"
    url_prefix = "scenario-results"
    icon = "clipboard-list"
    menu_label = _("Practice results")
    menu_name = "scenario-results"
    menu_order = 245
    add_to_admin_menu = True
    menu_item_class = PermissionMenuItem

    def get_urlpatterns(self):
        return [
            path("", ResultsIndexView.as_view(), name="index"),
            path("export/", RulesExportView.as_view(), name="export"),
            path("<int:pk>/", ScenarioResultsView.as_view(), name="scenario"),
            path("<int:pk>/export/", ScenarioExportView.as_view(), name="scenario_export"),
        ]
