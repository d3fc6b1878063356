from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse


class OfficerAccessMiddleware:
    """Two account rules that apply to every page.

    * An officer whose password was set by a roster import must change it before doing
      anything else.
    * Signed-in users without the admin permission (officers, leaders) get a plain 403
      for the Wagtail admin instead of its login screen, which would invite them to sign
      in again with an account that can never get in.
    """

    exempt_prefixes = ("/static/", "/media/", "/i18n/", "/accounts/logout/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        path = request.path_info
        if user.is_authenticated and not path.startswith(self.exempt_prefixes):
            change_url = reverse("accounts:password_change")
            officer = getattr(user, "officer", None)
            if officer is not None and officer.must_change_password and path != change_url:
                return redirect(change_url)
            if path.startswith("/admin/") and not user.has_perm("wagtailadmin.access_admin"):
                raise PermissionDenied
        return self.get_response(request)
