"""Wagtail admin for quizzes, grouped under one menu ("Quizzes"):

* Question bank (snippets, trainers): current versions only; editing an answered question
  keeps the old version for the attempts that used it (`question_archive_version`).
* Categories (snippets), each with GIFT / Aiken / XLSX export links.
* Import (GIFT, Aiken, XLSX): upload, preview with errors and line numbers, confirm.
* Marking queue: essays waiting for a mark (`quiz.mark_attempt`).
* Attempts (trainers and HR, `quiz.view_attempt`), with regrade (`quiz.regrade_attempt`).
* Statistics per quiz, with XLSX export (`quiz.view_attempt`).
Registered from `wagtail_hooks.py`.
"""

import django_filters
from django.db.models import Count, Q
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import NullAdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet

from . import admin_views
from .grading import key_errors
from .models import Attempt, AttemptQuestion, Category, Question, QuizPage
from .services import question_archive_version

# ---- Question bank ------------------------------------------------------------------


class QuestionForm(WagtailAdminModelForm):
    """Checks that the answers can grade the chosen type before anything is saved."""

    def is_valid(self):
        if not super().is_valid():
            return False
        formset = self.formsets["answers"]
        answers = [
            form.cleaned_data
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        errors = key_errors(
            self.cleaned_data["type"],
            answers,
            multiple_grading=self.cleaned_data.get("multiple_grading", ""),
        )
        for error in errors:
            self.add_error(None, error)
        return not errors


class QuestionFilterSet(WagtailFilterSet):
    category = django_filters.ModelChoiceFilter(
        label=_("Category"),
        queryset=Category.objects.select_related("parent").order_by("name"),
        method="filter_category",
    )
    type = django_filters.ChoiceFilter(
        label=_("Type"), choices=Question.Type.choices, empty_label=_("All")
    )
    tag = django_filters.CharFilter(
        label=_("Tag or procedure code"), field_name="tags__name", lookup_expr="iexact"
    )

    class Meta:
        model = Question
        fields = ["category", "type", "tag"]

    def filter_category(self, queryset, name, value):
        return queryset.filter(category_id__in=value.descendant_ids())


class QuestionIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().filter(is_current=True).select_related("category")


class QuestionEditView(EditView):
    archived = None

    def get_object(self, queryset=None):
        question = super().get_object(queryset)
        if not question.is_current:
            raise Http404
        return question

    def save_instance(self):
        # Attempts keep the version they saw: archive it before the edit is saved.
        self.archived = question_archive_version(
            question=self.form.instance, user=self.request.user
        )
        return super().save_instance()

    def get_success_message(self):
        if self.archived is not None:
            return gettext(
                "Question saved as version %(version)s. Attempts already made keep version "
                "%(old)s; regrade them from Attempts if you fixed the key."
            ) % {"version": self.object.version, "old": self.archived.version}
        return super().get_success_message()


class QuestionChooserViewSet(SnippetChooserViewSet):
    def get_object_list(self):
        # Quizzes pick from the bank as it is now, never an archived version.
        return Question.objects.current().select_related("category")


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Question bank")
    menu_name = "quiz-questions"
    edit_handler = ObjectList(Question.panels, base_form_class=QuestionForm)
    chooser_viewset_class = QuestionChooserViewSet
    index_view_class = QuestionIndexView
    edit_view_class = QuestionEditView
    filterset_class = QuestionFilterSet
    search_fields = ["title", "stem"]
    search_backend_name = None
    list_display = [
        TitleColumn("label", label=_("Question"), url_name="wagtailsnippets_quiz_question:edit"),
        Column("type", label=_("Type"), accessor="get_type_display"),
        Column("category", label=_("Category")),
        Column("points", label=_("Points")),
        Column("version", label=_("Version")),
        DateColumn("updated_at", label=_("Updated"), sort_key="updated_at"),
    ]
    list_export = ["pk", "title", "type", "category", "points", "version", "updated_at"]
    export_filename = "ngan-hang-cau-hoi"
    ordering = ["-updated_at"]


# ---- Categories ------------------------------------------------------------------------


class ExportLinksColumn(Column):
    cell_template_name = "quiz/admin/export_links_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["links"] = [
            (label, reverse("quiz_import:export", args=[instance.pk, code]))
            for code, label in (("gift", "GIFT"), ("aiken", "Aiken"), ("xlsx", "XLSX"))
        ]
        return context


class CategoryIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("parent__parent", "unit")
            .annotate(question_count=Count("questions", filter=Q(questions__is_current=True)))
        )


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = _("Question categories")
    menu_name = "quiz-categories"
    index_view_class = CategoryIndexView
    list_display = [
        TitleColumn(
            "path_label", label=_("Category"), url_name="wagtailsnippets_quiz_category:edit"
        ),
        Column("unit", label=_("Department or ward")),
        Column("question_count", label=_("Questions")),
        ExportLinksColumn("export", label=_("Export")),
    ]
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["name"]


# ---- Custom screens as viewsets, so they sit in the same menu group -------------------


class PermissionViewSet(ViewSet):
    """A viewset of custom views whose menu item shows only with `permission`."""

    permission = ""

    @property
    def menu_item_class(self):
        permission = self.permission

        class PermissionMenuItem(MenuItem):
            def is_shown(self, request):
                return request.user.has_perm(permission)

        return PermissionMenuItem


class ImportViewSet(PermissionViewSet):
    name = "quiz_import"
    url_prefix = "quiz/import"
    icon = "upload"
    menu_label = _("Import questions")
    permission = "quiz.add_question"

    def get_urlpatterns(self):
        return [
            path("", admin_views.ImportUploadView.as_view(), name="upload"),
            path("template/", admin_views.ImportTemplateView.as_view(), name="template"),
            path("<int:pk>/", admin_views.ImportPreviewView.as_view(), name="preview"),
            path("<int:pk>/commit/", admin_views.ImportCommitView.as_view(), name="commit"),
            path(
                "export/<int:pk>/<str:file_format>/",
                admin_views.CategoryExportView.as_view(),
                name="export",
            ),
        ]


class MarkingIndexView(generic.IndexView):
    model = AttemptQuestion
    permission_policy = ModelPermissionPolicy(Attempt)
    permission_required = "mark"
    any_permission_required = None
    index_url_name = "quiz_marking:index"
    index_results_url_name = "quiz_marking:index_results"
    page_title = _("Marking queue")
    header_icon = "edit"
    paginate_by = 50
    default_ordering = "attempt__finished_at"
    columns = [
        TitleColumn(
            "question",
            label=_("Question"),
            accessor=lambda slot: slot.question.label,
            get_url=lambda slot: reverse("quiz_marking:mark", args=[slot.pk]),
        ),
        Column("quiz", label=_("Quiz"), accessor=lambda slot: slot.attempt.quiz.title),
        Column(
            "officer",
            label=_("Officer"),
            accessor=lambda slot: getattr(slot.attempt.user, "officer", slot.attempt.user),
        ),
        DateColumn(
            "submitted", label=_("Submitted"), accessor=lambda slot: slot.attempt.finished_at
        ),
    ]

    def get_base_queryset(self):
        return AttemptQuestion.objects.filter(
            needs_marking=True, attempt__state=Attempt.State.NEEDS_MARKING
        ).select_related("attempt__quiz", "attempt__user__officer", "question")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]


class MarkingViewSet(PermissionViewSet):
    name = "quiz_marking"
    url_prefix = "quiz/marking"
    icon = "edit"
    menu_label = _("Marking queue")
    permission = "quiz.mark_attempt"

    def get_urlpatterns(self):
        index = MarkingIndexView.as_view()
        results = MarkingIndexView.as_view(results_only=True)
        return [
            path("", index, name="index"),
            path("results/", results, name="index_results"),
            path("<int:pk>/", admin_views.MarkView.as_view(), name="mark"),
        ]


class StatisticsViewSet(PermissionViewSet):
    name = "quiz_statistics"
    url_prefix = "quiz/statistics"
    icon = "table"
    menu_label = _("Quiz statistics")
    permission = "quiz.view_attempt"

    def get_urlpatterns(self):
        return [
            path("", admin_views.StatisticsIndexView.as_view(), name="index"),
            path("<int:pk>/", admin_views.StatisticsView.as_view(), name="quiz"),
        ]


# ---- Attempts -------------------------------------------------------------------------


class AttemptFilterSet(WagtailFilterSet):
    quiz = django_filters.ModelChoiceFilter(
        label=_("Quiz"), queryset=QuizPage.objects.order_by("title")
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=Attempt.State.choices, empty_label=_("All")
    )
    passed = django_filters.BooleanFilter(label=_("Passed"))

    class Meta:
        model = Attempt
        fields = ["quiz", "state", "passed"]


def _officer_name(attempt: Attempt) -> str:
    officer = getattr(attempt.user, "officer", None)
    return officer.full_name if officer else attempt.user.get_username()


class AttemptIndexView(generic.IndexView):
    def get_base_queryset(self):
        return Attempt.objects.visible_to(self.request.user).select_related("quiz", "user__officer")

    def get_list_more_buttons(self, instance):
        buttons = [
            ListingButton(
                gettext("Review"), url=instance.get_review_url(), icon_name="view", priority=10
            )
        ]
        if self.request.user.has_perm("quiz.regrade_attempt") and instance.is_finished:
            buttons.append(
                ListingButton(
                    gettext("Regrade"),
                    url=reverse("quiz_attempts:regrade", args=[instance.quiz_id]),
                    icon_name="resubmit",
                    priority=20,
                )
            )
        return buttons


class AttemptViewSet(ModelViewSet):
    model = Attempt
    name = "quiz_attempts"
    url_prefix = "quiz/attempts"
    icon = "tasks"
    menu_label = _("Attempts")
    index_view_class = AttemptIndexView
    filterset_class = AttemptFilterSet
    copy_view_enabled = False
    list_display = [
        Column("officer", label=_("Officer"), accessor=_officer_name),
        Column("quiz", label=_("Quiz")),
        Column("number", label=_("Attempt")),
        Column("state", label=_("State"), accessor="get_state_display"),
        Column("percent", label=_("Grade (%)"), sort_key="percent"),
        Column("passed", label=_("Passed")),
        DateColumn("finished_at", label=_("Submitted"), sort_key="finished_at"),
    ]
    list_export = [
        "user",
        "quiz",
        "number",
        "state",
        "score",
        "max_score",
        "percent",
        "passed",
        "started_at",
        "finished_at",
        "timed_out",
    ]
    export_filename = "luot-lam-bai"
    search_fields = ["user__officer__full_name", "user__username"]
    search_backend_name = None
    ordering = ["-finished_at"]
    # No edit view: without this, Site history fails to link a marked or regraded attempt.
    url_finder_class = NullAdminURLFinder

    def get_common_view_kwargs(self, **kwargs):
        # Attempts are written by officers and services only: no add, edit or delete.
        return super().get_common_view_kwargs(
            add_url_name=None, edit_url_name=None, delete_url_name=None, **kwargs
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("history/<int:pk>/", self.history_view, name="history"),
            path("history-results/<int:pk>/", self.history_results_view, name="history_results"),
            path("regrade/<int:quiz_pk>/", admin_views.RegradeView.as_view(), name="regrade"),
        ]

    def get_permissions_to_register(self):
        return (
            super()
            .get_permissions_to_register()
            .filter(codename__in=["view_attempt", "mark_attempt", "regrade_attempt"])
        )

    def register_reference_index(self):
        # An attempt is not content that "uses" its quiz page; indexing it would cost
        # five queries on every save of every attempt.
        pass


class QuizViewSetGroup(ViewSetGroup):
    menu_label = _("Quizzes")
    menu_icon = "help"
    menu_order = 240
    items = (
        QuestionViewSet,
        CategoryViewSet,
        ImportViewSet,
        MarkingViewSet,
        AttemptViewSet,
        StatisticsViewSet,
    )
