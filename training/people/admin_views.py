"""Wagtail admin screens of the roster import: upload -> preview -> commit -> result.

Every view needs `people.add_rosterimport` (HR); the URLs and the menu item are registered
in `wagtail_hooks.py`. The temporary passwords of new officers appear only in the response
to the commit POST and are never stored, so reloading the result page does not show them.
"""

import csv
import io

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .forms import RosterUploadForm
from .models import RosterImport, Unit
from .roster import (
    ENCODING_LABELS,
    TEMPLATE_HEADERS,
    RosterCommitError,
    RosterFileError,
    RosterRow,
    RowStatus,
    roster_cancel,
    roster_commit,
    roster_officers_to_deactivate,
    roster_preview,
)

PERMISSION = "people.add_rosterimport"


class RosterViewMixin(WagtailAdminTemplateMixin):
    """HR only; breadcrumbs Home > Roster import > (this page)."""

    header_icon = "upload"
    page_title = gettext_lazy("Roster import")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_object(self) -> RosterImport:
        return get_object_or_404(RosterImport.objects.all(), pk=self.kwargs["pk"])

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items]
        items.append({"url": reverse("people_roster:upload"), "label": _("Roster import")})
        if self.get_page_subtitle():
            items.append({"url": None, "label": self.get_page_subtitle()})
        return items


class RosterUploadView(RosterViewMixin, FormView):
    form_class = RosterUploadForm
    template_name = "people/roster/upload.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action_url"] = reverse("people_roster:upload")
        context["submit_button_label"] = _("Check the file")
        context["submit_button_active_label"] = _("Checking…")
        context["recent_imports"] = RosterImport.objects.select_related(
            "uploaded_by__officer"
        ).defer("rows")[:10]
        return context

    def form_valid(self, form):
        try:
            roster_import = roster_preview(
                uploaded_by=self.request.user,
                file=form.cleaned_data["file"],
                encoding=form.cleaned_data["encoding"],
                deactivate_missing=form.cleaned_data["deactivate_missing"],
            )
        except RosterFileError as exc:
            form.add_error("file", exc.message)
            return self.form_invalid(form)
        return redirect("people_roster:preview", pk=roster_import.pk)


class RosterPreviewView(RosterViewMixin, TemplateView):
    template_name = "people/roster/preview.html"
    page_subtitle = gettext_lazy("Preview")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.status == RosterImport.Status.COMMITTED:
            return redirect("people_roster:result", pk=self.object.pk)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        roster_import = self.object
        rows = [RosterRow.from_json(data) for data in roster_import.rows]
        units = Unit.objects.in_bulk({row.unit_id for row in rows if row.unit_id})
        statuses = dict(RowStatus.choices)
        for row in rows:
            row.unit = units.get(row.unit_id)
            row.status_label = statuses.get(row.status, "")
        # Errors first: they are what HR has to act on.
        rows.sort(key=lambda row: (not row.errors, row.row_number))
        # A row with errors is counted once, under "errors", not also as new or updated.
        counts = {
            status: sum(1 for row in rows if row.status == status and not row.errors)
            for status in RowStatus
        }
        context.update(
            roster_import=roster_import,
            rows=rows,
            new_count=counts[RowStatus.NEW],
            update_count=counts[RowStatus.UPDATE],
            unchanged_count=counts[RowStatus.UNCHANGED],
            encoding_label=ENCODING_LABELS.get(roster_import.encoding, ""),
            can_commit=(
                roster_import.status == RosterImport.Status.PREVIEWED
                and not roster_import.has_errors
            ),
        )
        if roster_import.deactivate_missing:
            context["to_deactivate"] = list(
                roster_officers_to_deactivate(roster_import, keep_user=self.request.user)
            )
        return context


class RosterCommitView(RosterViewMixin, View):
    template_name = "people/roster/result.html"
    page_subtitle = gettext_lazy("Result")
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        roster_import = self.get_object()
        try:
            result = roster_commit(roster_import=roster_import, user=request.user)
        except RosterCommitError as exc:
            messages.error(request, exc.message)
            return redirect("people_roster:preview", pk=roster_import.pk)
        # Rendered here rather than redirected to, so that the passwords exist only in
        # this one response; no-store keeps them out of the browser cache too.
        response = self.render_to_response(
            self.get_context_data(
                roster_import=result.roster_import, credentials=result.credentials
            )
        )
        add_never_cache_headers(response)
        return response


class RosterCancelView(RosterViewMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        roster_import = self.get_object()
        try:
            roster_cancel(roster_import=roster_import, user=request.user)
        except RosterCommitError as exc:
            messages.error(request, exc.message)
            return redirect("people_roster:result", pk=roster_import.pk)
        messages.success(request, _("The import was cancelled; nothing was changed."))
        return redirect("people_roster:upload")


class RosterResultView(RosterViewMixin, TemplateView):
    template_name = "people/roster/result.html"
    page_subtitle = gettext_lazy("Result")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.status != RosterImport.Status.COMMITTED:
            return redirect("people_roster:preview", pk=self.object.pk)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(roster_import=self.object, **kwargs)


class RosterTemplateView(RosterViewMixin, View):
    """An empty roster with the Vietnamese headers; the XLSX adds a sheet of unit codes."""

    def get(self, request, *args, **kwargs):
        headers = list(TEMPLATE_HEADERS.values())
        if request.GET.get("format") == "xlsx":
            return self._xlsx(headers)
        # The BOM makes Excel open the file as UTF-8 instead of the ANSI code page.
        buffer = io.StringIO()
        buffer.write("\ufeff")
        csv.writer(buffer).writerow(headers)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="danh-sach-can-bo.csv"'
        return response

    def _xlsx(self, headers):
        from openpyxl import Workbook
        from openpyxl.styles import Font

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Cán bộ"
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for letter, width in zip("ABCDEF", (14, 28, 34, 28, 16, 22), strict=True):
            sheet.column_dimensions[letter].width = width
        # Phone numbers and codes as text, so Excel keeps their leading zeros.
        for letter in ("A", "E"):
            for row in range(2, 1001):
                sheet[f"{letter}{row}"].number_format = "@"
        units = workbook.create_sheet("Đơn vị")
        units.append(["Mã đơn vị", "Tên đơn vị", "English name"])
        for cell in units[1]:
            cell.font = Font(bold=True)
        for unit in Unit.objects.order_by("kind", "sort_order"):
            units.append([unit.code, unit.name_vi, unit.name_en])
        units.column_dimensions["B"].width = 45
        units.column_dimensions["C"].width = 45
        output = io.BytesIO()
        workbook.save(output)
        response = HttpResponse(
            output.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="danh-sach-can-bo.xlsx"'
        return response
