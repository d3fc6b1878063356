"""Wagtail admin for certificates: list, filter, search, inspect, download, revoke.

Certificates are issued by the completion service and never edited, so the viewset has
no add, edit, copy or delete views; the one change HR can make is to revoke with a
reason. Permissions: `courses.view_certificate` to list and inspect,
`courses.revoke_certificate` to revoke. Registered from `courses/wagtail_hooks.py`.
"""

import django_filters
from django import forms
from django.contrib.admin.utils import quote
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import DateColumn, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from .certificates import Certificate, CertificateError, certificate_revoke
from .models import CoursePage


def _status_label(certificate: Certificate) -> str:
    return gettext("Revoked") if certificate.is_revoked else gettext("Valid")


def _year_choices():
    years = Certificate.objects.order_by("-year").values_list("year", flat=True).distinct()
    return [(year, str(year)) for year in years]


class CertificateFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("valid", _("Valid")), ("revoked", _("Revoked"))],
        method="filter_status",
        empty_label=_("All"),
    )
    year = django_filters.ChoiceFilter(label=_("Year"), choices=_year_choices, empty_label=_("All"))
    course = django_filters.ModelChoiceFilter(
        label=_("Course"), queryset=CoursePage.objects.order_by("title")
    )

    class Meta:
        model = Certificate
        fields = ["status", "year", "course"]

    def filter_status(self, queryset, name, value):
        return queryset.revoked() if value == "revoked" else queryset.valid()


class CertificateActionsMixin:
    """Links to the PDF and the revoke form, for users allowed to use them."""

    revoke_url_name = None

    def get_revoke_url(self, certificate: Certificate) -> str | None:
        if (
            self.revoke_url_name
            and not certificate.is_revoked
            and self.user_has_permission("revoke")
        ):
            return reverse(self.revoke_url_name, args=(quote(certificate.pk),))
        return None


class CertificateIndexView(CertificateActionsMixin, generic.IndexView):
    def get_base_queryset(self):
        return Certificate.objects.visible_to(self.request.user)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            MenuItem(_("Download PDF"), url=instance.get_pdf_url(), icon_name="download")
        )
        if revoke_url := self.get_revoke_url(instance):
            buttons.append(MenuItem(_("Revoke"), url=revoke_url, icon_name="warning", priority=40))
        return buttons


class CertificateInspectView(CertificateActionsMixin, generic.InspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(Certificate.objects.visible_to(self.request.user), pk=self.pk)

    def get_score_display_value(self):
        return self.object.score if self.object.score is not None else "—"

    def get_issued_at_display_value(self):
        return date_format(localtime(self.object.issued_at), "d/m/Y H:i")

    def get_revoked_at_display_value(self):
        revoked_at = self.object.revoked_at
        return date_format(localtime(revoked_at), "d/m/Y H:i") if revoked_at else "—"

    def get_revoked_by_display_value(self):
        user = self.object.revoked_by
        if user is None:
            return "—"
        officer = getattr(user, "officer", None)
        return officer.full_name if officer else (user.get_full_name() or user.get_username())

    def get_revoke_reason_display_value(self):
        return self.object.revoke_reason or "—"

    @cached_property
    def header_more_buttons(self):
        buttons = [
            Button(
                _("Download PDF"), url=self.object.get_pdf_url(), icon_name="download", priority=10
            )
        ]
        if revoke_url := self.get_revoke_url(self.object):
            buttons.append(Button(_("Revoke"), url=revoke_url, icon_name="warning", priority=20))
        return buttons


class CertificateRevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revocation"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Kept in the certificate's record and the audit log. The public verification "
            "page shows only that the certificate was revoked, and when."
        ),
    )


class CertificateRevokeView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Ask for the reason, then call `certificate_revoke`; needs `courses.revoke_certificate`."""

    model = Certificate
    permission_required = "revoke"
    form_class = CertificateRevokeForm
    template_name = "courses/certificates/admin_revoke.html"
    page_title = _("Revoke certificate")
    header_icon = "warning"
    index_url_name = None
    inspect_url_name = None

    @cached_property
    def object(self) -> Certificate:
        return get_object_or_404(
            Certificate.objects.visible_to(self.request.user), pk=self.kwargs["pk"]
        )

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": Certificate._meta.verbose_name_plural},
            {"url": self.get_success_url(), "label": self.object.number},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_success_url(self) -> str:
        return reverse(self.inspect_url_name, args=(quote(self.object.pk),))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["certificate"] = self.object
        context["action_url"] = self.request.path
        context["submit_button_label"] = gettext("Revoke certificate")
        context["submit_button_active_label"] = gettext("Revoking…")
        return context

    def get(self, request, *args, **kwargs):
        if self.object.is_revoked:
            messages.warning(request, gettext("This certificate is already revoked."))
            return redirect(self.get_success_url())
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            certificate_revoke(
                certificate=self.object,
                by=self.request.user,
                reason=form.cleaned_data["reason"],
            )
        except CertificateError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            gettext("Certificate %(number)s has been revoked.") % {"number": self.object.number},
        )
        return redirect(self.get_success_url())


class CertificateViewSet(ModelViewSet):
    model = Certificate
    name = "certificates"
    icon = "doc-full"
    menu_label = _("Certificates")
    menu_order = 260
    add_to_admin_menu = True
    index_view_class = CertificateIndexView
    inspect_view_class = CertificateInspectView
    inspect_view_enabled = True
    inspect_view_fields = [
        "number",
        "full_name",
        "course_title",
        "score",
        "issued_at",
        "verification_code",
        "revoked_at",
        "revoked_by",
        "revoke_reason",
    ]
    copy_view_enabled = False
    # Certificates point at users and courses but nothing points at them: tracking their
    # references would cost five queries inside every course-completion transaction.
    add_to_reference_index = False
    list_display = [
        "number",
        "full_name",
        "course_title",
        DateColumn("issued_at", label=_("Issued"), sort_key="issued_at"),
        StatusTagColumn(
            "status",
            label=_("Status"),
            accessor=_status_label,
            primary=lambda certificate: not certificate.is_revoked,
        ),
    ]
    list_export = ["number", "full_name", "course_title", "score", "issued_at", "revoked_at"]
    export_filename = "chung-chi"
    filterset_class = CertificateFilterSet
    search_fields = ["number", "full_name", "course_title", "verification_code"]
    search_backend_name = None
    ordering = ["-issued_at"]

    def get_common_view_kwargs(self, **kwargs):
        # No add, edit or delete views exist; blank names hide their buttons everywhere.
        return super().get_common_view_kwargs(
            add_url_name=None,
            edit_url_name=None,
            delete_url_name=None,
            revoke_url_name=self.get_url_name("revoke"),
            inspect_url_name=self.get_url_name("inspect"),
            **kwargs,
        )

    @property
    def revoke_view(self):
        return self.construct_view(CertificateRevokeView)

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("revoke/<int:pk>/", self.revoke_view, name="revoke"),
            path("history/<int:pk>/", self.history_view, name="history"),
            path("history-results/<int:pk>/", self.history_results_view, name="history_results"),
            path("usage/<int:pk>/", self.usage_view, name="usage"),
        ]

    def get_permissions_to_register(self):
        # Only what HR can actually use appears on the group permission screen.
        return (
            super()
            .get_permissions_to_register()
            .filter(codename__in=["view_certificate", "revoke_certificate"])
        )

    @property
    def url_finder_class(self):
        inspect_url_name = self.get_url_name("inspect")

        class CertificateURLFinder(ModelAdminURLFinder):
            # Audit-log listings link a certificate to its inspect page (no edit view).
            def get_edit_url(self, instance):
                if self.user and not self.user.has_perm("courses.view_certificate"):
                    return None
                return reverse(inspect_url_name, args=(quote(instance.pk),))

        return CertificateURLFinder
