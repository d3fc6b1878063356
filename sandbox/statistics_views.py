"""The II.06a statistics page of a sandbox workspace and its XLSX export.

Access: logged-in users, for the workspaces `Workspace.objects.visible_to(user)` returns
(their own; every one for trainers, HR and administrators); any other workspace is a 404.
"""

from __future__ import annotations

import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from training.people.models import Unit

from .models import Workspace
from .statistics import ReportRow, default_period, totals, unit_report

# (attribute, header) in the column order of II.06a, after STT and the unit.
COLUMNS = [
    ("received_total", gettext_lazy("Received: total")),
    ("new_online", gettext_lazy("Received in the period: online")),
    ("new_direct", gettext_lazy("Received in the period: direct or by post")),
    ("carried_over", gettext_lazy("Carried over from the previous period")),
    ("resolved_total", gettext_lazy("Resolved: total")),
    ("resolved_early", gettext_lazy("Resolved early")),
    ("resolved_on_time", gettext_lazy("Resolved on time")),
    ("resolved_late", gettext_lazy("Resolved late")),
    ("in_progress_total", gettext_lazy("In progress: total")),
    ("in_progress_within", gettext_lazy("In progress: within time")),
    ("in_progress_overdue", gettext_lazy("In progress: overdue")),
]


class ReportForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit"),
        queryset=Unit.objects.all(),
        required=False,
        empty_label=gettext_lazy("All units"),
    )
    period_start = forms.DateField(
        label=gettext_lazy("From"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    period_end = forms.DateField(
        label=gettext_lazy("To"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            raise forms.ValidationError(_("The period must end after it starts."))
        return data


class ExerciseInProgress(Exception):
    pass


def _load(request, workspace_id):
    workspace = get_object_or_404(Workspace.objects.visible_to(request.user), pk=workspace_id)
    if workspace.scripted and workspace.closed_at is None and workspace.owner_id == request.user.pk:
        # In a report exercise the computed report is the answer key: hidden until submitted.
        raise ExerciseInProgress
    start, end = default_period(workspace)
    params = request.GET if request.GET else None
    form = ReportForm(params, initial={"period_start": start, "period_end": end})
    if params is None:
        return workspace, form, None, start, end
    if not form.is_valid():
        return workspace, form, None, None, None
    data = form.cleaned_data
    return workspace, form, data["unit"], data["period_start"], data["period_end"]


@login_required
def workspace_statistics(request, workspace_id: int):
    try:
        workspace, form, unit, start, end = _load(request, workspace_id)
    except ExerciseInProgress:
        messages.info(
            request,
            _("The statistics of an exercise are shown once it has been submitted for assessment."),
        )
        return redirect("sandbox:workspace", workspace_id)
    rows, total = [], None
    if start is not None:
        rows = unit_report(workspace=workspace, unit=unit, period_start=start, period_end=end)
        total = totals(rows)
    return render(
        request,
        "sandbox/statistics.html",
        {
            "workspace": workspace,
            "form": form,
            "rows": rows,
            "total": total,
            "columns": COLUMNS,
            "period_start": start,
            "period_end": end,
            "workspaces": Workspace.objects.visible_to(request.user).order_by("title"),
            "export_query": request.GET.urlencode(),
        },
    )


@login_required
def workspace_statistics_xlsx(request, workspace_id: int):
    try:
        workspace, form, unit, start, end = _load(request, workspace_id)
    except ExerciseInProgress:
        messages.info(
            request,
            _("The statistics of an exercise are shown once it has been submitted for assessment."),
        )
        return redirect("sandbox:workspace", workspace_id)
    if start is None:
        raise Http404(_("Invalid report parameters."))
    rows = unit_report(workspace=workspace, unit=unit, period_start=start, period_end=end)
    content = report_xlsx(workspace=workspace, rows=rows, period_start=start, period_end=end)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="thong-ke-II06a-{workspace.pk}-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"'
    )
    return response


def report_xlsx(*, workspace, rows: list[ReportRow], period_start, period_end) -> bytes:
    """The report as an XLSX workbook: a practice banner, the period (real dates), the
    II.06a header, one line per unit, the totals line and both rates (numbers)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "II.06a"
    bold = Font(bold=True)
    sheet.append([_("PRACTICE DATA — DVC Academy sandbox, not a real report")])
    sheet["A1"].font = Font(bold=True, color="B02026")
    sheet.append([_("Workspace"), workspace.title])
    sheet.append([_("From"), period_start, _("To"), period_end])
    for cell in ("B3", "D3"):
        sheet[cell].number_format = "DD/MM/YYYY"
    sheet.append([])
    header = [_("No."), _("Unit"), *[str(label) for _attr, label in COLUMNS]]
    header += [_("Resolution rate"), _("On-time rate")]
    sheet.append(header)
    for cell in sheet[5]:
        cell.font = bold

    def line(number, name, row: ReportRow):
        values = [number, name, *[getattr(row, attr) for attr, _label in COLUMNS]]
        values += [row.resolution_rate, row.on_time_rate]
        sheet.append(values)
        for cell in sheet[sheet.max_row][-2:]:
            cell.number_format = "0.0%"

    for number, row in enumerate(rows, start=1):
        line(number, row.unit.name, row)
    line(None, _("Total"), totals(rows))
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    sheet.column_dimensions["B"].width = 40
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@login_required
def statistics_index(request):
    """Choose a workspace: the ones the user may see."""
    visible = Workspace.objects.visible_to(request.user).order_by("title")
    chosen = request.GET.get("workspace")
    if chosen and chosen.isdigit():
        workspace = get_object_or_404(visible, pk=int(chosen))
        return redirect("sandbox_stats:report", workspace_id=workspace.pk)
    return render(request, "sandbox/statistics.html", {"workspaces": visible, "columns": COLUMNS})
