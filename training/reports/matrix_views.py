"""The compliance matrix page, its CSV and XLSX exports, and HR's reminder form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseRedirect, QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_GET, require_POST

from courses.models import local_today

from . import exports
from .matrix import (
    PER_PAGE,
    MatrixFilterForm,
    MatrixFilters,
    State,
    build_matrix,
    export_headers,
    export_rows,
    matrix_enrolments,
)
from .scope import can_view_reports, sees_district
from .services import can_send_reminders, matrix_reminders_send

FILTER_FIELDS = ("q", "unit", "kind", "position", "course", "status", "due")


def _filter_query(data: QueryDict) -> str:
    """The filter part of a query string (no page number), URL-encoded."""
    query = QueryDict(mutable=True)
    for name in FILTER_FIELDS:
        values = [value for value in data.getlist(name) if value != ""]
        if values:
            query.setlist(name, values)
    return query.urlencode()


def _require_reports(user) -> None:
    if not can_view_reports(user):
        raise PermissionDenied


@login_required
@require_GET
def matrix(request):
    """Officers × courses with status, dates, score and certificate; filters; one page."""
    _require_reports(request.user)
    form = MatrixFilterForm(request.GET, user=request.user)
    context = {
        "form": form,
        "filter_query": _filter_query(request.GET),
        "sees_district": sees_district(request.user),
        "can_remind": can_send_reminders(request.user),
        "states": State.choices,
        "per_page": PER_PAGE,
        "own_unit": None if sees_district(request.user) else next(iter(form.units.values()), None),
    }
    if form.is_valid():
        filters = MatrixFilters.from_form(form)
        today = local_today()
        context["matrix"] = build_matrix(
            request.user, filters, page_number=request.GET.get("page"), today=today
        )
        counts = context["matrix"].state_counts
        context["state_counts"] = [
            (value, label, counts.get(value, 0), "badge--" + value.replace("_", "-"))
            for value, label in State.choices
        ]
        context["has_filters"] = bool(context["filter_query"])
    status = 200 if form.is_valid() else 400
    return TemplateResponse(request, "reports/matrix.html", context, status=status)


def _export(request, write):
    _require_reports(request.user)
    form = MatrixFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        # The matrix page explains what is wrong with the filters.
        query = _filter_query(request.GET)
        return HttpResponseRedirect(reverse("reports:matrix") + (f"?{query}" if query else ""))
    filters = MatrixFilters.from_form(form)
    rows = export_rows(request.user, filters)
    filename = f"ma-tran-dao-tao-{local_today():%Y-%m-%d}"
    response = write(filename, export_headers(), rows)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def matrix_csv(request):
    """The filtered matrix, one row per officer × course, as a streamed UTF-8 CSV."""
    return _export(
        request, lambda name, headers, rows: exports.stream_csv(f"{name}.csv", headers, rows)
    )


@login_required
@require_GET
def matrix_xlsx(request):
    """The filtered matrix, one row per officer × course, as an XLSX workbook."""
    # Excel allows 31 characters in a sheet name.
    sheet_title = pgettext("sheet name", "Matrix")
    return _export(
        request,
        lambda name, headers, rows: exports.xlsx_response(
            f"{name}.xlsx", [(sheet_title, headers, rows)]
        ),
    )


@login_required
@require_POST
def matrix_remind(request):
    """HR sends a reminder e-mail for the ticked cells and rows of the matrix."""
    if not can_send_reminders(request.user):
        raise PermissionDenied
    query = _filter_query(QueryDict(request.POST.get("filters", "")))
    back = reverse("reports:matrix") + (f"?{query}" if query else "")
    page = request.POST.get("page", "")
    if page.isdigit():
        back += ("&" if query else "?") + f"page={page}"
    form = MatrixFilterForm(QueryDict(query), user=request.user)
    enrolment_ids = [int(v) for v in request.POST.getlist("enrolment") if v.isdigit()]
    officer_ids = [int(v) for v in request.POST.getlist("officer") if v.isdigit()]
    if not form.is_valid() or not (enrolment_ids or officer_ids):
        messages.error(request, _("Tick the courses or officers to remind first."))
        return redirect(back)
    # Only cells the matrix shows with these filters can be reminded of.
    selection = matrix_enrolments(request.user, MatrixFilters.from_form(form)).filter(
        Q(pk__in=enrolment_ids) | Q(user__officer__pk__in=officer_ids)
    )
    result = matrix_reminders_send(by=request.user, enrolments=selection)
    if result.officers:
        officers = ngettext("%(count)d officer", "%(count)d officers", result.officers) % {
            "count": result.officers
        }
        courses = ngettext("%(count)d course", "%(count)d courses", result.courses) % {
            "count": result.courses
        }
        messages.success(
            request,
            _("Reminder e-mail queued for %(officers)s about %(courses)s.")
            % {"officers": officers, "courses": courses},
        )
    if result.skipped:
        messages.warning(
            request,
            ngettext(
                "%(skipped)d selected course was skipped: already completed, or the officer "
                "has no e-mail address or is inactive.",
                "%(skipped)d selected courses were skipped: already completed, or the officer "
                "has no e-mail address or is inactive.",
                result.skipped,
            )
            % {"skipped": result.skipped},
        )
    if not result.officers and not result.skipped:
        messages.error(request, _("Nothing to remind: the selection matches no open course."))
    return redirect(back)
