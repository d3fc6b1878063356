from .roles import Role, can_use_admin, user_roles


def officer(request):
    """Expose the signed-in user's officer profile and roles to every template."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"current_officer": None, "current_roles": set()}
    roles = user_roles(user)
    return {
        "current_officer": getattr(user, "officer", None),
        "current_roles": roles,
        "can_use_admin": can_use_admin(user),
        "is_leader": Role.LEADER in roles,
    }
