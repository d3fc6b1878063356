from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef

from training.people.roles import ADMIN_GROUPS, Role

# Every group whose membership a page may ask about (see training.people.roles).
ROLE_GROUPS = sorted({*Role.values, *ADMIN_GROUPS})


class OfficerModelBackend(ModelBackend):
    """ModelBackend that loads the officer profile and roles with the user, in one query.

    Every page shows the officer's name and unit and builds its menu from their roles;
    fetching those separately would cost two more queries on every request.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        # Usernames are stored in lower case (the employee code); rosters, slips and
        # e-mails print the code in capitals, so accept it as the officer types it.
        if username is not None:
            typed = username.strip()
            username = (
                get_user_model()
                ._default_manager.filter(username__iexact=typed)
                .values_list("username", flat=True)
                .first()
                or typed
            )
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        User = get_user_model()
        memberships = {
            f"_in_group_{i}": Exists(
                Group.objects.filter(name=name, user=OuterRef("pk")).values("pk")
            )
            for i, name in enumerate(ROLE_GROUPS)
        }
        try:
            user = (
                User._default_manager.select_related("officer__unit", "officer__position")
                .annotate(**memberships)
                .get(pk=user_id)
            )
        except User.DoesNotExist:
            return None
        user._dvc_roles = {
            name for i, name in enumerate(ROLE_GROUPS) if getattr(user, f"_in_group_{i}")
        }
        if user.is_superuser:
            user._dvc_roles.add(Role.ADMINISTRATOR)
        return user if self.user_can_authenticate(user) else None
