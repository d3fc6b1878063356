"""Transcript pages: the list of officers one may look up, one officer's transcript, and
its PDF, XLSX and CSV. Every officer is loaded through `transcript_officers`, so an id
outside the viewer's scope is a 404, whatever the URL says."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from courses.search import fold
from training.people.models import Officer

from .exports import stream_csv, xlsx_response
from .scope import can_view_reports, visible_officers, visible_units
from .transcript import export_flat_rows, export_sheets, officer_transcript, transcript_officers
from .transcript_pdf import transcript_pdf

PAGE_SIZE = 50


class OfficerSearchForm(forms.Form):
    # Not "q": the site header's course search would show it as its own query.
    search = forms.CharField(label=_("Name or employee code"), max_length=100, required=False)
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=None,
        required=False,
        empty_label=_("All units"),
        error_messages={"invalid_choice": _("This unit does not exist or is not yours to see.")},
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


@login_required
def transcripts(request):
    """Officers whose transcript the viewer may open; an officer goes to their own."""
    user = request.user
    if not can_view_reports(user):
        own = Officer.objects.filter(user=user).values_list("pk", flat=True).first()
        if own is None:
            raise PermissionDenied
        return redirect("reports:transcript", officer_id=own)
    units = visible_units(user)
    form = OfficerSearchForm(request.GET or None, units=units)
    officers = visible_officers(user).order_by("unit__kind", "unit__sort_order", "full_name", "pk")
    query = ""
    if form.is_bound and not form.is_valid():
        officers = officers.none()
    elif form.is_bound:
        if form.cleaned_data["unit"] is not None:
            officers = officers.filter(unit=form.cleaned_data["unit"])
        query = fold(form.cleaned_data["search"].strip())
    number = request.GET.get("page")
    if query:
        # Matched in Python on the folded name, so "nguyen thi huong" finds "Nguyễn Thị
        # Hường": one narrow query for the candidates, then the page's officers by id.
        matches = [
            pk
            for pk, name, code in officers.values_list("pk", "full_name", "employee_code")
            if query in fold(name) or query in fold(code)
        ]
        page = Paginator(matches, PAGE_SIZE).get_page(number)
        by_pk = Officer.objects.select_related("unit", "position").in_bulk(page.object_list)
        page.object_list = [by_pk[pk] for pk in page.object_list]
    else:
        page = Paginator(officers.select_related("unit", "position"), PAGE_SIZE).get_page(number)
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "reports/transcript_list.html",
        {
            "form": form,
            "page": page,
            "query_string": query_string.urlencode(),
            "report_section": "transcripts",
        },
    )


def _officer(request, officer_id: int) -> Officer:
    return get_object_or_404(transcript_officers(request.user), pk=officer_id)


@login_required
def transcript(request, officer_id: int):
    officer = _officer(request, officer_id)
    # An officer reading their own transcript has no use for the reports' sub-navigation.
    reporter = can_view_reports(request.user)
    return render(
        request,
        "reports/transcript.html",
        {
            "transcript": officer_transcript(officer),
            "layout": "reports/base.html" if reporter else "reports/transcript_base.html",
            "report_section": "transcripts",
        },
    )


def _filename(officer: Officer, extension: str) -> str:
    return f"hoc-ba-{slugify(officer.employee_code)}-{slugify(fold(officer.full_name))}.{extension}"


@login_required
def transcript_pdf_view(request, officer_id: int):
    officer = _officer(request, officer_id)
    response = HttpResponse(
        transcript_pdf(officer_transcript(officer)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{_filename(officer, "pdf")}"'
    return response


@login_required
def transcript_export(request, officer_id: int, file_format: str):
    officer = _officer(request, officer_id)
    transcript = officer_transcript(officer)
    if file_format == "csv":
        headers, rows = export_flat_rows(transcript)
        return stream_csv(_filename(officer, "csv"), headers, rows)
    return xlsx_response(_filename(officer, "xlsx"), export_sheets(transcript))
