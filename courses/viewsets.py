"""Wagtail admin screens for courses: lesson videos (Admin › Videos)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from .models import LessonVideo


class LessonVideoCreateView(CreateView):
    def save_instance(self):
        self.form.instance.uploaded_by = self.request.user
        return super().save_instance()


class LessonVideoViewSet(SnippetViewSet):
    model = LessonVideo
    icon = "media"
    menu_label = _("Videos")
    menu_name = "lesson-videos"
    menu_order = 250
    add_to_admin_menu = True
    add_view_class = LessonVideoCreateView
    list_display = ["title", "duration", "uploaded_by", "created_at"]
    ordering = ["-created_at"]
    panels = [
        FieldPanel("title"),
        # `accept` only narrows the browser's file picker; the model validates the content.
        FieldPanel(
            "file",
            widget=forms.ClearableFileInput(
                attrs={"accept": ".mp4,.webm,.ogv,video/mp4,video/webm,video/ogg"}
            ),
        ),
        FieldPanel("captions", widget=forms.ClearableFileInput(attrs={"accept": ".vtt,text/vtt"})),
        FieldPanel("poster"),
        FieldPanel("duration"),
    ]
