from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.snippets.models import register_snippet

from .assignment_viewsets import assignment_viewset, register_assignment_log_actions
from .certificate_viewsets import CertificateViewSet
from .viewsets import LessonVideoViewSet

register_snippet(LessonVideoViewSet)


class TrainingViewSetGroup(ViewSetGroup):
    menu_label = _("Training")
    menu_icon = "calendar-check"
    menu_order = 310
    items = (assignment_viewset, CertificateViewSet())


@hooks.register("register_admin_viewset")
def register_training_viewsets():
    return TrainingViewSetGroup()


hooks.register("register_log_actions", register_assignment_log_actions)
