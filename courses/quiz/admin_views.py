"""Wagtail admin screens that are not plain listings: import, export, marking, regrade,
statistics. Each view checks its permission, validates a form, calls one service.

Permissions: `quiz.add_question` (import), `quiz.view_question` (export),
`quiz.mark_attempt` (marking queue), `quiz.regrade_attempt` (regrade),
`quiz.view_attempt` (statistics).
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .display import Reveal, essay_html, slot_view
from .formats import FormatError, ParsedQuestion, xlsx
from .importers import category_export, import_cancel, import_commit, import_preview
from .models import Attempt, AttemptQuestion, Category, Question, QuestionImport, QuizPage
from .services import QuizError, attempts_regrade, slot_mark
from .statistics import quiz_statistics, statistics_xlsx

FORMAT_EXTENSIONS = {"gift": "gift", "txt": "aiken", "aiken": "aiken", "xlsx": "xlsx"}
CONTENT_TYPES = {
    "gift": "text/plain; charset=utf-8",
    "aiken": "text/plain; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FILE_EXTENSIONS = {"gift": "gift.txt", "aiken": "aiken.txt", "xlsx": "xlsx"}


class PermissionRequiredMixin(WagtailAdminTemplateMixin):
    permission = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


# ---- Import and export -------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File"))
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=[
            ("", _("From the file name (.gift, .txt = Aiken, .xlsx)")),
            *QuestionImport.Format.choices,
        ],
        required=False,
    )
    category = forms.ModelChoiceField(
        label=_("Import into category"),
        queryset=Category.objects.select_related("parent__parent").order_by("name"),
        help_text=_("Categories named in the file are created below this one."),
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload and not cleaned.get("file_format"):
            extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
            if extension not in FORMAT_EXTENSIONS:
                raise forms.ValidationError(_("Choose the format: the file name does not tell it."))
            cleaned["file_format"] = FORMAT_EXTENSIONS[extension]
        return cleaned


class ImportUploadView(PermissionRequiredMixin, FormView):
    permission = "quiz.add_question"
    form_class = ImportForm
    template_name = "quiz/admin/import_upload.html"
    page_title = _("Import questions")
    header_icon = "upload"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recent_imports"] = QuestionImport.objects.select_related("category").defer(
            "questions"
        )[:10]
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            question_import = import_preview(
                data=upload.read(),
                filename=upload.name,
                file_format=form.cleaned_data["file_format"],
                category=form.cleaned_data["category"],
                user=self.request.user,
            )
        except FormatError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        return redirect("quiz_import:preview", pk=question_import.pk)


class ImportPreviewView(PermissionRequiredMixin, TemplateView):
    permission = "quiz.add_question"
    template_name = "quiz/admin/import_preview.html"
    page_title = _("Import questions")
    page_subtitle = _("Preview")
    header_icon = "upload"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        question_import = get_object_or_404(
            QuestionImport.objects.select_related("category"), pk=self.kwargs["pk"]
        )
        questions = [ParsedQuestion.from_json(q) for q in question_import.questions]
        types = dict(Question.Type.choices)
        for q in questions:
            q.type_label = types.get(q.type, q.type)
        context.update(
            question_import=question_import,
            questions=sorted(questions, key=lambda q: (not q.errors, q.line)),
            can_import=(
                question_import.status == QuestionImport.Status.PREVIEWED
                and not question_import.error_count
            ),
        )
        return context


class ImportCommitView(PermissionRequiredMixin, View):
    permission = "quiz.add_question"
    http_method_names = ["post"]

    def post(self, request, pk):
        question_import = get_object_or_404(QuestionImport, pk=pk)
        if request.POST.get("cancel"):
            import_cancel(question_import=question_import)
            messages.success(request, gettext("The import was cancelled; nothing was changed."))
            return redirect("quiz_import:upload")
        try:
            created = import_commit(question_import=question_import, user=request.user)
        except QuizError as error:
            messages.error(request, str(error))
            return redirect("quiz_import:preview", pk=pk)
        messages.success(
            request,
            gettext("%(count)s questions were added to the bank.") % {"count": len(created)},
        )
        return redirect("quiz_import:preview", pk=pk)


class ImportTemplateView(PermissionRequiredMixin, View):
    permission = "quiz.add_question"

    def get(self, request):
        response = HttpResponse(xlsx.template(), content_type=CONTENT_TYPES["xlsx"])
        response["Content-Disposition"] = 'attachment; filename="mau-cau-hoi.xlsx"'
        return response


class CategoryExportView(PermissionRequiredMixin, View):
    permission = "quiz.view_question"

    def get(self, request, pk, file_format):
        if file_format not in CONTENT_TYPES:
            raise PermissionDenied
        category = get_object_or_404(Category, pk=pk)
        data = category_export(category=category, file_format=file_format)
        response = HttpResponse(data, content_type=CONTENT_TYPES[file_format])
        name = slugify(category.name) or "cau-hoi"
        response["Content-Disposition"] = (
            f'attachment; filename="{name}.{FILE_EXTENSIONS[file_format]}"'
        )
        return response


# ---- Marking ------------------------------------------------------------------------


class MarkForm(forms.Form):
    score = forms.DecimalField(label=_("Points"), min_value=Decimal("0"), decimal_places=2)
    comment = forms.CharField(
        label=_("Comment for the officer"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, max_points: Decimal, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_points = max_points
        self.fields["score"].help_text = gettext("Out of %s.") % max_points.normalize()

    def clean_score(self):
        score = self.cleaned_data["score"]
        if score > self.max_points:
            raise forms.ValidationError(
                gettext("The mark must be between 0 and %s.") % self.max_points.normalize()
            )
        return score


class MarkView(PermissionRequiredMixin, FormView):
    permission = "quiz.mark_attempt"
    form_class = MarkForm
    template_name = "quiz/admin/mark.html"
    page_title = _("Mark an answer")
    header_icon = "edit"

    @cached_property
    def slot(self) -> AttemptQuestion:
        slot = get_object_or_404(
            AttemptQuestion.objects.select_related(
                "attempt__quiz", "attempt__user__officer", "question"
            ).exclude(attempt__state=Attempt.State.IN_PROGRESS),
            pk=self.kwargs["pk"],
        )
        if not slot.question.needs_marking:
            raise PermissionDenied
        return slot

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["max_points"] = self.slot.max_points
        kwargs["initial"] = {"score": self.slot.score, "comment": self.slot.comment}
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            slot=self.slot,
            attempt=self.slot.attempt,
            question=self.slot.question,
            essay=essay_html((self.slot.response or {}).get("text", "")),
            view=slot_view(self.slot, Reveal.everything()),
        )
        return context

    def form_valid(self, form):
        try:
            slot_mark(
                slot_id=self.slot.pk,
                user=self.request.user,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            )
        except QuizError as error:
            form.add_error("score", str(error))
            return self.form_invalid(form)
        messages.success(self.request, gettext("The mark was saved."))
        return redirect("quiz_marking:index")


# ---- Regrade -------------------------------------------------------------------------


class RegradeForm(forms.Form):
    attempts = forms.ModelMultipleChoiceField(
        label=_("Attempts to regrade"),
        queryset=Attempt.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    to_latest = forms.BooleanField(
        label=_("Use the current version of each question"),
        required=False,
        initial=True,
        help_text=_("Choose this after fixing a key: questions move to their latest version."),
    )

    def __init__(self, *args, quiz: QuizPage, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attempts"].queryset = (
            Attempt.objects.filter(quiz=quiz)
            .exclude(state=Attempt.State.IN_PROGRESS)
            .select_related("user__officer")
            .order_by("user__officer__full_name", "number")
        )
        self.fields["attempts"].label_from_instance = _attempt_label


def _attempt_label(attempt: Attempt) -> str:
    officer = getattr(attempt.user, "officer", None)
    name = officer.full_name if officer else attempt.user.get_username()
    grade = f"{attempt.percent}%" if attempt.percent is not None else attempt.get_state_display()
    return f"{name} · {gettext('attempt')} {attempt.number} · {grade}"


class RegradeView(PermissionRequiredMixin, FormView):
    permission = "quiz.regrade_attempt"
    form_class = RegradeForm
    template_name = "quiz/admin/regrade.html"
    page_title = _("Regrade attempts")
    header_icon = "resubmit"

    @cached_property
    def quiz(self) -> QuizPage:
        return get_object_or_404(QuizPage, pk=self.kwargs["quiz_pk"])

    def get_page_subtitle(self):
        return self.quiz.title

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["quiz"] = self.quiz
        stale = (
            AttemptQuestion.objects.filter(attempt__quiz=self.quiz, question__is_current=False)
            .values_list("attempt_id", flat=True)
            .distinct()
        )
        kwargs["initial"] = {"attempts": list(stale), "to_latest": True}
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(quiz=self.quiz, **kwargs)

    def form_valid(self, form):
        results = attempts_regrade(
            attempt_ids=[a.pk for a in form.cleaned_data["attempts"]],
            user=self.request.user,
            to_latest=form.cleaned_data["to_latest"],
        )
        changed = sum(1 for r in results if r.old_percent != r.new_percent)
        messages.success(
            self.request,
            gettext("%(count)s attempts were regraded; %(changed)s grades changed.")
            % {"count": len(results), "changed": changed},
        )
        return redirect(f"{reverse('quiz_attempts:index')}?quiz={self.quiz.pk}")


# ---- Statistics ---------------------------------------------------------------------------


class StatisticsIndexView(PermissionRequiredMixin, TemplateView):
    permission = "quiz.view_attempt"
    template_name = "quiz/admin/statistics_index.html"
    page_title = _("Quiz statistics")
    header_icon = "table"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["quizzes"] = QuizPage.objects.annotate(
            graded=Count("attempts", filter=Q(attempts__state=Attempt.State.FINISHED)),
            to_mark=Count("attempts", filter=Q(attempts__state=Attempt.State.NEEDS_MARKING)),
        ).order_by("path")
        return context


class StatisticsView(PermissionRequiredMixin, TemplateView):
    permission = "quiz.view_attempt"
    template_name = "quiz/admin/statistics.html"
    page_title = _("Quiz statistics")
    header_icon = "table"

    @cached_property
    def quiz(self) -> QuizPage:
        return get_object_or_404(QuizPage, pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return self.quiz.title

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            data = statistics_xlsx(self.quiz, quiz_statistics(self.quiz))
            response = HttpResponse(data, content_type=CONTENT_TYPES["xlsx"])
            response["Content-Disposition"] = (
                f'attachment; filename="thong-ke-{self.quiz.slug}.xlsx"'
            )
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(quiz=self.quiz, stats=quiz_statistics(self.quiz), **kwargs)
