from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from .models import Officer
from .roles import Role, has_role


@login_required
def unit_officers(request):
    """The officers of the leader's own unit (HR and administrators see every unit)."""
    if not has_role(request.user, Role.LEADER, Role.HR, Role.ADMINISTRATOR):
        raise PermissionDenied
    officers = (
        Officer.objects.visible_to(request.user)
        .select_related("unit", "position", "user")
        .order_by("unit__kind", "unit__sort_order", "full_name")
    )
    page = Paginator(officers, 50).get_page(request.GET.get("page"))
    return render(request, "people/unit_officers.html", {"page": page})
