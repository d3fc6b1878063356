from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .viewsets import QuizViewSetGroup


@hooks.register("register_admin_viewset")
def register_quiz_viewsets():
    return QuizViewSetGroup()


@hooks.register("register_log_actions")
def register_quiz_log_actions(actions):
    actions.register_action("quiz.mark", _("Quiz: mark"), _("Essay marked"))
    actions.register_action("quiz.regrade", _("Quiz: regrade"), _("Attempt regraded"))
    actions.register_action(
        "quiz.version", _("Quiz: question version"), _("Kept as an older version")
    )
