"""Download a certificate's PDF (signed in, permission-scoped) and verify one (public)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from .certificates import (
    CODE_ALPHABET,
    CODE_LENGTH,
    Certificate,
    certificate_pdf,
    normalise_code,
)


class CertificateLookupForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=32,
        help_text=_("The 12 letters and digits printed next to the QR code."),
    )

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
            raise forms.ValidationError(
                _("A verification code has 12 letters and digits, like 7KQ2MXA9RT4B.")
            )
        return code


@login_required
@require_GET
def certificate_download(request, number: str):
    """The PDF for the holder, their unit's leader, HR and administrators; 404 for others."""
    certificate = get_object_or_404(Certificate.objects.visible_to(request.user), number=number)
    response = HttpResponse(certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{certificate.number}.pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def certificate_lookup(request):
    """A form to type a verification code; a valid one goes to its verification page."""
    form = CertificateLookupForm(request.GET if "code" in request.GET else None)
    if form.is_valid():
        return redirect("courses:certificate_verify", code=form.cleaned_data["code"])
    return _render(request, {"form": form})


@require_GET
def certificate_verify(request, code: str):
    """Public proof of a certificate: valid or revoked, holder, course and date, nothing else."""
    certificate = (
        Certificate.objects.filter(verification_code=normalise_code(code))
        .only("full_name", "course_title", "issued_at", "revoked_at", "verification_code")
        .first()
    )
    if certificate is None:
        context = {"form": CertificateLookupForm(initial={"code": code}), "not_found": True}
        return _render(request, context, status=404)
    # Only these fields reach the template, so nothing else can leak onto the public page.
    result = {
        "is_revoked": certificate.is_revoked,
        "revoked_at": certificate.revoked_at,
        "full_name": certificate.full_name,
        "course_title": certificate.course_title,
        "issued_at": certificate.issued_at,
    }
    return _render(request, {"result": result, "form": CertificateLookupForm()})


def _render(request, context, status=200):
    response = TemplateResponse(request, "courses/certificates/verify.html", context, status=status)
    # Holders' names are shown to whoever has a code, but search engines should not list them.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
