from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from training.people.models import Officer
from training.people.services import officer_password_changed


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        officer_password_changed(user=self.request.user)
        messages.success(self.request, _("Your password has been changed."))
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        officer = getattr(self.request.user, "officer", None)
        context["forced"] = bool(officer and officer.must_change_password)
        return context


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        officer_password_changed(user=form.user)
        return response


@login_required
def profile(request):
    officer = (
        Officer.objects.visible_to(request.user)
        .select_related("unit", "position")
        .filter(user=request.user)
        .first()
    )
    return render(request, "accounts/profile.html", {"officer": officer})
