"""Who may see which report rows: the one place the reports ask.

HR and administrators see the whole district; a leader sees their own unit; nobody else
sees the reports. Every report view and export loads its rows through these functions, so
changing an id in a URL can never widen what a leader sees.
"""

from __future__ import annotations

from django.db.models import QuerySet

from training.people.models import Officer, Unit
from training.people.roles import Role, user_roles

DISTRICT_ROLES = frozenset({Role.HR, Role.ADMINISTRATOR})


def can_view_reports(user) -> bool:
    return user.is_authenticated and bool(user_roles(user) & (DISTRICT_ROLES | {Role.LEADER}))


def sees_district(user) -> bool:
    return user.is_authenticated and bool(user_roles(user) & DISTRICT_ROLES)


def visible_units(user) -> QuerySet[Unit]:
    """The units whose officers `user` may report on (none for officers and trainers)."""
    if not can_view_reports(user):
        return Unit.objects.none()
    if sees_district(user):
        return Unit.objects.all()
    return Unit.objects.filter(pk__in=Officer.objects.filter(user=user).values("unit_id")[:1])


def visible_officers(user) -> QuerySet[Officer]:
    """The officers `user` may report on: everyone for HR, the leader's own unit for a
    leader (themself included), nobody for anyone else."""
    if not can_view_reports(user):
        return Officer.objects.none()
    if sees_district(user):
        return Officer.objects.all()
    return Officer.objects.filter(unit__in=visible_units(user))
