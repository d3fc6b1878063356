"""Every write to officers and their accounts goes through these functions."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from .models import Officer, Position, Unit
from .roles import Role


@transaction.atomic
def officer_create(
    *,
    employee_code: str,
    full_name: str,
    unit: Unit,
    email: str = "",
    phone: str = "",
    position: Position | None = None,
    roles: tuple[str, ...] = (Role.OFFICER,),
    password: str | None = None,
    must_change_password: bool = False,
) -> Officer:
    """Create a user and their officer profile; the username is the employee code."""
    User = get_user_model()
    user = User(username=employee_code.lower(), email=email, is_active=True)
    # Wagtail shows "first last"; Vietnamese names read family name first, so the whole
    # name goes in first_name.
    user.first_name = full_name[:150]
    user.last_name = ""
    if password and must_change_password:
        # A first-login password: see TemporaryPasswordHasher for why it hashes faster.
        user.password = make_password(password, hasher="pbkdf2_sha256_temp")
    elif password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    user.groups.set(Group.objects.filter(name__in=roles))
    return Officer.objects.create(
        user=user,
        employee_code=employee_code,
        full_name=full_name,
        unit=unit,
        position=position,
        phone=phone,
        must_change_password=must_change_password,
    )


@transaction.atomic
def officer_set_active(*, officer: Officer, active: bool) -> Officer:
    """Activate or deactivate an officer; a deactivated officer cannot sign in."""
    officer.is_active = active
    officer.save(update_fields=["is_active", "updated_at"])
    officer.user.is_active = active
    officer.user.save(update_fields=["is_active"])
    return officer


def officer_password_changed(*, user) -> None:
    """Clear the first-login flag once the officer has chosen their own password."""
    Officer.objects.filter(user=user, must_change_password=True).update(must_change_password=False)
