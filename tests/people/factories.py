"""`make_*` helpers for people tests; each takes keyword overrides."""

import itertools

from training.people.models import Officer, Position, Unit
from training.people.roles import Role
from training.people.services import officer_create

_counter = itertools.count(1)

PASSWORD = "Mat-khau-thu-nghiem-2026"


def make_position(name: str = "Chuyên viên") -> Position:
    return Position.objects.get_or_create(name=name)[0]


def make_officer(*, roles: tuple[str, ...] = (Role.OFFICER,), **kwargs) -> Officer:
    """An officer with a usable password (`PASSWORD`) in the given unit and roles."""
    n = next(_counter)
    kwargs.setdefault("employee_code", f"TX{n:05d}")
    kwargs.setdefault("full_name", f"Nguyễn Văn Thử {n}")
    kwargs.setdefault("unit", Unit.objects.get(code="tu-phap"))
    kwargs.setdefault("email", f"thu{n}@thanhxuan.example")
    kwargs.setdefault("password", PASSWORD)
    if isinstance(kwargs["unit"], str):
        kwargs["unit"] = Unit.objects.get(code=kwargs["unit"])
    return officer_create(roles=roles, **kwargs)


def make_user_with_role(role: str, **kwargs):
    return make_officer(roles=(role,), **kwargs).user
