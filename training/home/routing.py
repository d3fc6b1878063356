"""Cheaper page serving for deep page trees (course › module › lesson).

Wagtail's default routing costs two queries per URL segment, and its view-restriction
check walks the ancestors and then queries restrictions. Pages that use this mixin
resolve any descendant by `url_path` in one query and check restrictions in one query,
with the same results.
"""

from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.http import Http404
from wagtail.models import Page, PageViewRestriction


class DirectRoutingMixin:
    def route(self, request, path_components):
        """Resolve the deepest live-or-not page below this one in one query by url_path.

        The matched page keeps its own `route` for the remaining segments, so pages with
        sub-routes (e.g. a quiz attempt under a quiz page) still work.
        """
        if not path_components:
            return super().route(request, path_components)
        candidates = [
            self.url_path + "/".join(path_components[:n]) + "/"
            for n in range(1, len(path_components) + 1)
        ]
        page = (
            Page.objects.filter(url_path__in=candidates, path__startswith=self.path)
            .order_by("-depth")
            .first()
        )
        if page is None:
            raise Http404
        return page.specific.route(request, path_components[page.depth - self.depth :])

    def get_view_restrictions(self):
        """Restrictions on this page or an ancestor, or on the page an alias copies."""
        paths = [self.path[:end] for end in range(4, len(self.path) + 1, 4)]
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths) | Q(page__aliases__path__in=paths)
        ).distinct()


class StaffOnlyPageMixin(DirectRoutingMixin):
    """Pages for signed-in district staff only: anonymous visitors go to the login page."""

    def serve(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().serve(request, *args, **kwargs)
