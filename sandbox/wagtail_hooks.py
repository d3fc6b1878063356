from wagtail import hooks

from .viewsets import SandboxViewSetGroup


@hooks.register("register_admin_viewset")
def register_sandbox_viewsets():
    return SandboxViewSetGroup()
