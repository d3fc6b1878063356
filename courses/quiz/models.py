"""The question bank, quizzes as course activities, and officers' attempts.

Bank: `Category` (a tree per department or topic) → `Question` (one of eight types, with
`Answer` rows and tags such as procedure codes). A question that has been used in an
attempt is never edited in place: `question_save` keeps the old content as an archived
version and re-points the attempts to it, so attempts keep the version they saw.

Quiz: `QuizPage` is an `ActivityPage`, so it sits in a module's activity slot; its
`QuizQuestionRule` rows pick fixed questions or random draws from a category.

Attempts: `Attempt` and its `AttemptQuestion` slots are plain models (never page
revisions). A slot stores the question version, a per-attempt `layout` (the shuffled
order of choices, as answer ids) and the officer's `response`, which refers to choices
by their index in that layout, so nothing sent to the browser reveals which choice is
which answer row. Every write goes through `courses.quiz.services`.
"""

import math
import uuid
from datetime import timedelta
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from courses.models import ActivityPage

STEM_FEATURES = ["bold", "italic", "ol", "ul", "link", "image"]
FEEDBACK_FEATURES = ["bold", "italic", "ol", "ul", "link"]


# ---- Question bank ------------------------------------------------------------------


class Category(models.Model):
    """A folder of the bank: a department's or a topic's questions, with sub-categories."""

    name = models.CharField(_("name"), max_length=150)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent category"),
    )
    unit = models.ForeignKey(
        "people.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("department or ward"),
    )
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("parent"),
        FieldPanel("unit"),
        FieldPanel("description"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="quiz_category_unique_name"),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="quiz_category_not_own_parent"
            ),
        ]

    def __str__(self):
        return self.path_label

    @cached_property
    def path_label(self) -> str:
        """ "Tư pháp / Hộ tịch": the names from the root down (one query per level)."""
        names, node, seen = [], self, set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            names.append(node.name)
            node = node.parent
        return " / ".join(reversed(names))

    def clean(self):
        node, seen = self.parent, set()
        while node is not None and node.pk not in seen:
            if self.pk and node.pk == self.pk:
                raise ValidationError({"parent": _("A category cannot sit inside itself.")})
            seen.add(node.pk)
            node = node.parent

    def descendant_ids(self) -> list[int]:
        """This category's id and every sub-category's, at any depth (one query)."""
        children: dict[int | None, list[int]] = {}
        for pk, parent_id in Category.objects.values_list("pk", "parent_id"):
            children.setdefault(parent_id, []).append(pk)
        found, stack = [], [self.pk]
        while stack:
            pk = stack.pop()
            if pk in found:
                continue
            found.append(pk)
            stack.extend(children.get(pk, []))
        return found


class QuestionTag(TaggedItemBase):
    content_object = ParentalKey(
        "quiz.Question", on_delete=models.CASCADE, related_name="tagged_items"
    )


class QuestionQuerySet(models.QuerySet):
    def current(self):
        """The versions the bank shows and quizzes draw from (older ones only serve attempts)."""
        return self.filter(is_current=True)

    def in_categories(self, category_ids):
        return self.filter(category_id__in=category_ids)


class Question(index.Indexed, ClusterableModel):
    """One question of the bank, in the version a trainer last saved.

    Points are the marks of the whole question; each `Answer.fraction` is a percentage of
    them. Archived versions (`is_current=False`) share the `family` of the current one.
    """

    class Type(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TRUE_FALSE = "truefalse", _("True / false")
        SHORT = "short", _("Short answer")
        NUMERIC = "numeric", _("Numeric")
        MATCHING = "matching", _("Matching")
        ORDERING = "ordering", _("Ordering")
        ESSAY = "essay", _("Essay")

    class MultipleGrading(models.TextChoices):
        ALL_OR_NOTHING = "all_or_nothing", _("All or nothing: every right choice and no other")
        PARTIAL = "partial", _("Partial credit: add the weights of the chosen answers")

    CHOICE_TYPES = (Type.SINGLE, Type.MULTIPLE, Type.TRUE_FALSE)

    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="questions", verbose_name=_("category")
    )
    type = models.CharField(_("type"), max_length=12, choices=Type.choices, default=Type.SINGLE)
    title = models.CharField(
        _("short name"),
        max_length=200,
        blank=True,
        help_text=_("For the bank listing and statistics; the question text is used if empty."),
    )
    stem = RichTextField(_("question text"), features=STEM_FEATURES)
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
    )
    points = models.DecimalField(
        _("points"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    multiple_grading = models.CharField(
        _("grading of multiple choice"),
        max_length=16,
        choices=MultipleGrading.choices,
        default=MultipleGrading.ALL_OR_NOTHING,
    )
    accent_insensitive = models.BooleanField(
        _("ignore Vietnamese accents"),
        default=False,
        help_text=_('Short answer: accept "Ha Noi" for "Hà Nội" (đ counts as d).'),
    )
    shuffle_answers = models.BooleanField(
        _("shuffle the choices"),
        default=True,
        help_text=_("When the quiz also shuffles. Untick for choices such as “All of the above”."),
    )
    general_feedback = RichTextField(
        _("general feedback"),
        blank=True,
        features=FEEDBACK_FEATURES,
        help_text=_("Shown to everyone at review when feedback is allowed."),
    )
    explanation = RichTextField(
        _("explanation"),
        blank=True,
        features=FEEDBACK_FEATURES,
        help_text=_("Why the right answer is right; shown at review with the right answer."),
    )
    tags = ClusterTaggableManager(
        through=QuestionTag,
        blank=True,
        verbose_name=_("tags"),
        help_text=_("Topics and procedure codes (mã TTHC), e.g. 1.001193."),
    )
    family = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    is_current = models.BooleanField(_("current version"), default=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = QuestionQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("type"), FieldPanel("points")]), FieldPanel("category")],
            heading=_("Question"),
        ),
        FieldPanel("title"),
        FieldPanel("stem"),
        FieldPanel("image"),
        InlinePanel(
            "answers",
            heading=_("Answers"),
            label=_("Answer"),
            help_text=_(
                "Choices: weight 100 for a right answer, 0 for a wrong one; for partial "
                "credit give shares that add up to 100 and negative weights for wrong ones. "
                "Short answer and numeric: each accepted answer with its weight. Matching: "
                "an item and what it matches (an empty item adds a distractor). Ordering: "
                "the items in the right order."
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel("multiple_grading"),
                FieldPanel("accent_insensitive"),
                FieldPanel("shuffle_answers"),
            ],
            heading=_("Grading"),
        ),
        FieldPanel("general_feedback"),
        FieldPanel("explanation"),
        FieldPanel("tags"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("stem"),
        index.FilterField("category"),
        index.FilterField("type"),
        index.FilterField("is_current"),
    ]

    class Meta:
        ordering = ["pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["family", "version"], name="quiz_question_version"),
            models.UniqueConstraint(
                fields=["family"],
                condition=Q(is_current=True),
                name="quiz_question_one_current_version",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        text = self.title or strip_tags(self.stem).replace("&nbsp;", " ").strip()
        return Truncator(text).chars(90)

    @property
    def is_choice(self) -> bool:
        return self.type in self.CHOICE_TYPES

    @property
    def needs_marking(self) -> bool:
        return self.type == self.Type.ESSAY

    def ordered_answers(self) -> list["Answer"]:
        """Answers in their stored order (uses a prefetch when there is one)."""
        return sorted(self.answers.all(), key=lambda a: (a.sort_order or 0, a.pk or 0))


class Answer(Orderable):
    """One row of a question's key: a choice, an accepted text or number, a pair, an item."""

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("answer"), blank=True)
    match_text = models.CharField(
        _("matches"), max_length=255, blank=True, help_text=_("Matching questions only.")
    )
    fraction = models.DecimalField(
        _("weight (%)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("-100")), MaxValueValidator(Decimal("100"))],
    )
    tolerance = models.DecimalField(
        _("tolerance"),
        max_digits=14,
        decimal_places=4,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Numeric questions: accepted ± difference."),
    )
    feedback = models.TextField(_("feedback"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("text"), FieldPanel("match_text")]),
        FieldRowPanel([FieldPanel("fraction"), FieldPanel("tolerance")]),
        FieldPanel("feedback"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self):
        return Truncator(self.text or self.match_text).chars(60)


# ---- Quiz (a course activity) ---------------------------------------------------------


class Review:
    """The review-options matrix: when (after the attempt) × what the officer may see."""

    IMMEDIATELY = "immediately"
    OPEN = "open"
    CLOSED = "closed"
    SCORE = "score"
    CORRECTNESS = "correctness"
    FEEDBACK = "feedback"
    ANSWERS = "answers"

    WHEN = [
        (IMMEDIATELY, _("Immediately after the attempt")),
        (OPEN, _("Later, while the quiz is still open")),
        (CLOSED, _("After the quiz closes")),
    ]
    WHAT = [
        (SCORE, _("Score")),
        (CORRECTNESS, _("Right or wrong")),
        (FEEDBACK, _("Feedback")),
        (ANSWERS, _("Right answers and explanations")),
    ]
    # "Immediately" is the first two minutes after the attempt ends, as in Moodle.
    IMMEDIATE_WINDOW = timedelta(minutes=2)
    DEFAULT = [
        f"{IMMEDIATELY}:{SCORE}",
        f"{IMMEDIATELY}:{CORRECTNESS}",
        f"{IMMEDIATELY}:{FEEDBACK}",
        f"{OPEN}:{SCORE}",
        f"{OPEN}:{CORRECTNESS}",
        f"{CLOSED}:{SCORE}",
        f"{CLOSED}:{CORRECTNESS}",
        f"{CLOSED}:{FEEDBACK}",
        f"{CLOSED}:{ANSWERS}",
    ]

    @classmethod
    def choices(cls):
        return [
            (when_label, [(f"{when}:{what}", what_label) for what, what_label in cls.WHAT])
            for when, when_label in cls.WHEN
        ]


def default_review_options() -> list[str]:
    return list(Review.DEFAULT)


class ReviewOptionsField(models.JSONField):
    """A list of "when:what" strings, edited as grouped checkboxes."""

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            label=self.verbose_name,
            help_text=self.help_text,
            choices=Review.choices(),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )


class QuizPage(ActivityPage):
    """A quiz in a course module: its settings (django-quiz's and Moodle's) and question rules.

    Officers reach it through `ActivityPage.serve` (enrolment checked); a POST starts or
    resumes an attempt, which is then taken under `courses.quiz.urls`.
    """

    class GradingMethod(models.TextChoices):
        HIGHEST = "highest", _("Highest grade")
        LAST = "last", _("Last attempt")
        FIRST = "first", _("First attempt")
        AVERAGE = "average", _("Average of the attempts")

    class Layout(models.TextChoices):
        ONE = "one", _("One question per page")
        ALL = "all", _("All questions on one page")

    intro = RichTextField(_("introduction"), blank=True, features=FEEDBACK_FEATURES)
    # django-quiz's settings
    random_order = models.BooleanField(
        _("random order"), default=False, help_text=_("Show the questions in a random order.")
    )
    max_questions = models.PositiveIntegerField(
        _("maximum questions"),
        null=True,
        blank=True,
        help_text=_("Number of questions asked in each attempt; empty for all of them."),
    )
    answers_at_end = models.BooleanField(
        _("answers at end"),
        default=True,
        help_text=_(
            "Untick to let officers check each answer as they go (the answer is then locked)."
        ),
    )
    exam_paper = models.BooleanField(
        _("exam paper"),
        default=True,
        help_text=_(
            "Keep every attempt's answers for trainers to review and mark. Untick for a "
            "practice quiz: once an attempt is graded only its score is kept."
        ),
    )
    single_attempt = models.BooleanField(
        _("single attempt"), default=False, help_text=_("Officers may take this quiz only once.")
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=50, validators=[MaxValueValidator(100)]
    )
    success_text = RichTextField(
        _("success text"), blank=True, features=FEEDBACK_FEATURES, help_text=_("Shown on a pass.")
    )
    fail_text = RichTextField(
        _("fail text"), blank=True, features=FEEDBACK_FEATURES, help_text=_("Shown on a fail.")
    )
    draft = models.BooleanField(
        _("draft"),
        default=False,
        help_text=_("Only trainers can take a draft quiz (to try it out)."),
    )
    # Moodle's behaviours
    shuffle_answers = models.BooleanField(_("shuffle the choices"), default=True)
    time_limit_minutes = models.PositiveIntegerField(
        _("time limit (minutes)"), null=True, blank=True, help_text=_("Empty for no time limit.")
    )
    open_at = models.DateTimeField(_("opens"), null=True, blank=True)
    close_at = models.DateTimeField(_("closes"), null=True, blank=True)
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=0, help_text=_("0 for unlimited.")
    )
    grading_method = models.CharField(
        _("grading method"),
        max_length=10,
        choices=GradingMethod.choices,
        default=GradingMethod.HIGHEST,
    )
    review_options = ReviewOptionsField(
        _("review options"),
        default=default_review_options,
        blank=True,
        help_text=_("What officers may see of their finished attempts, and when."),
    )
    layout = models.CharField(_("layout"), max_length=4, choices=Layout.choices, default=Layout.ONE)
    show_timer = models.BooleanField(_("show the timer"), default=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("estimated_minutes"),
        FieldPanel("intro"),
        InlinePanel(
            "question_rules",
            heading=_("Questions"),
            label=_("Question or random draw"),
            min_num=1,
        ),
    ]
    settings_tab_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("grading_method")]),
                FieldRowPanel([FieldPanel("attempts_allowed"), FieldPanel("single_attempt")]),
                FieldRowPanel([FieldPanel("open_at"), FieldPanel("close_at")]),
                FieldRowPanel([FieldPanel("time_limit_minutes"), FieldPanel("show_timer")]),
            ],
            heading=_("Timing and grading"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("layout"),
                FieldRowPanel([FieldPanel("random_order"), FieldPanel("shuffle_answers")]),
                FieldPanel("max_questions"),
                FieldRowPanel([FieldPanel("answers_at_end"), FieldPanel("exam_paper")]),
                FieldPanel("draft"),
            ],
            heading=_("Presentation"),
        ),
        FieldPanel("review_options"),
        FieldPanel("success_text"),
        FieldPanel("fail_text"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(settings_tab_panels, heading=_("Quiz settings")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(ActivityPage.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    activity_label = _("Quiz")

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def clean(self):
        super().clean()
        if self.open_at and self.close_at and self.close_at <= self.open_at:
            raise ValidationError({"close_at": _("The quiz must close after it opens.")})

    # -- read helpers ------------------------------------------------------------------

    @property
    def max_attempts(self) -> int:
        """0 means unlimited; "single attempt" wins over the number."""
        return 1 if self.single_attempt else self.attempts_allowed

    @property
    def time_limit(self) -> timedelta | None:
        return timedelta(minutes=self.time_limit_minutes) if self.time_limit_minutes else None

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (self.open_at is None or now >= self.open_at) and (
            self.close_at is None or now < self.close_at
        )

    def is_closed(self, now=None) -> bool:
        now = now or timezone.now()
        return self.close_at is not None and now >= self.close_at

    def review_allows(self, what: str, *, finished_at, now=None) -> bool:
        """May the officer see `what` of an attempt that ended at `finished_at`?"""
        now = now or timezone.now()
        if self.is_closed(now):
            when = Review.CLOSED
        elif finished_at is not None and now - finished_at <= Review.IMMEDIATE_WINDOW:
            when = Review.IMMEDIATELY
        else:
            when = Review.OPEN
        return f"{when}:{what}" in (self.review_options or [])

    # -- serving -----------------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        from .services import quiz_availability

        context = super().get_context(request, *args, **kwargs)
        attempts = list(Attempt.objects.filter(quiz=self, user=request.user).order_by("number"))
        now = timezone.now()
        for attempt in attempts:
            attempt.show_score = attempt.is_finished and self.review_allows(
                Review.SCORE, finished_at=attempt.finished_at, now=now
            )
        context["attempts"] = attempts
        context["in_progress"] = next((a for a in attempts if a.is_in_progress), None)
        context["availability"] = quiz_availability(
            quiz=self, user=request.user, attempts=attempts, now=now
        )
        context["question_count"] = self.question_count()
        return context

    def question_count(self) -> int:
        total = sum(1 if rule.question_id else rule.count for rule in self.question_rules.all())
        return min(total, self.max_questions) if self.max_questions else total

    def process_activity_post(self, request):
        """Start a new attempt, or resume the one in progress, then open it."""
        from django.contrib import messages

        from .services import QuizError, attempt_start

        try:
            attempt = attempt_start(quiz=self, user=request.user)
        except QuizError as error:
            messages.error(request, str(error))
            return redirect(self.url)
        return redirect(attempt.get_absolute_url())

    def serve(self, request, *args, **kwargs):
        if self.draft and request.user.is_authenticated and not _can_try_drafts(request.user):
            return TemplateResponse(
                request,
                "quiz/unavailable.html",
                {"page": self, "message": gettext("This quiz is not available yet.")},
                status=404,
            )
        return super().serve(request, *args, **kwargs)


def _can_try_drafts(user) -> bool:
    return user.has_perm("quiz.view_attempt")


class QuizQuestionRule(Orderable):
    """One line of a quiz's question list: a fixed question, or N drawn from a category."""

    page = ParentalKey(QuizPage, on_delete=models.CASCADE, related_name="question_rules")
    question = models.ForeignKey(
        Question,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"is_current": True},
        verbose_name=_("fixed question"),
    )
    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("or draw from category"),
    )
    count = models.PositiveSmallIntegerField(
        _("how many to draw"), default=1, validators=[MinValueValidator(1)]
    )
    include_subcategories = models.BooleanField(_("include sub-categories"), default=True)
    tag = models.CharField(
        _("only with tag"), max_length=100, blank=True, help_text=_("e.g. a procedure code.")
    )

    panels = [
        FieldPanel("question"),
        FieldRowPanel([FieldPanel("category"), FieldPanel("count")]),
        FieldRowPanel([FieldPanel("include_subcategories"), FieldPanel("tag")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("question rule")
        verbose_name_plural = _("question rules")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(question__isnull=False, category__isnull=True)
                    | Q(question__isnull=True, category__isnull=False)
                ),
                name="quiz_rule_fixed_or_random",
            )
        ]

    def clean(self):
        if bool(self.question_id) == bool(self.category_id):
            raise ValidationError(_("Choose either a fixed question or a category to draw from."))


# ---- Attempts ---------------------------------------------------------------------------


class AttemptQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Attempts `user` may see: their own; trainers and HR (quiz.view_attempt) all."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("quiz.view_attempt"):
            return self
        return self.filter(user=user)

    def graded(self):
        return self.filter(state=Attempt.State.FINISHED)


class Attempt(models.Model):
    """One officer's attempt at a quiz, from start to grade."""

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        NEEDS_MARKING = "needs_marking", _("Waiting for marking")
        FINISHED = "finished", _("Graded")

    quiz = models.ForeignKey(
        QuizPage, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("quiz")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
        verbose_name=_("officer"),
    )
    # The course the quiz belonged to when the attempt started: the grade is recorded
    # there, and reading it with the attempt saves a tree query on every submit.
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="+", verbose_name=_("course")
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    state = models.CharField(
        _("state"), max_length=14, choices=State.choices, default=State.IN_PROGRESS
    )
    seed = models.BigIntegerField(_("random seed"))
    started_at = models.DateTimeField(_("started"))
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    finished_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    timed_out = models.BooleanField(_("closed by the timer"), default=False)
    current_page = models.PositiveSmallIntegerField(default=0)
    page_count = models.PositiveSmallIntegerField(default=1)
    score = models.DecimalField(_("points"), max_digits=8, decimal_places=2, null=True)
    max_score = models.DecimalField(
        _("out of"), max_digits=8, decimal_places=2, default=Decimal("0")
    )
    percent = models.DecimalField(_("grade (%)"), max_digits=5, decimal_places=2, null=True)
    passed = models.BooleanField(_("passed"), null=True)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        permissions = [
            ("mark_attempt", "Can mark essay answers"),
            ("regrade_attempt", "Can regrade attempts"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "user", "number"], name="quiz_attempt_number_unique"
            ),
            models.UniqueConstraint(
                fields=["quiz", "user"],
                condition=Q(state="in_progress"),
                name="quiz_one_attempt_in_progress",
            ),
            models.CheckConstraint(
                condition=Q(state="in_progress") | Q(finished_at__isnull=False),
                name="quiz_attempt_finished_has_time",
            ),
        ]
        indexes = [models.Index(fields=["quiz", "state"])]

    def __str__(self):
        return gettext("%(quiz)s · attempt %(number)s") % {
            "quiz": self.quiz.title if self.quiz_id else "",
            "number": self.number,
        }

    def get_absolute_url(self) -> str:
        return reverse("quiz:take", args=[self.pk])

    def get_review_url(self) -> str:
        return reverse("quiz:review", args=[self.pk])

    @property
    def is_in_progress(self) -> bool:
        return self.state == self.State.IN_PROGRESS

    @property
    def is_finished(self) -> bool:
        return self.state != self.State.IN_PROGRESS

    def closes_at(self):
        """When saving stops: the deadline plus the grace for answers still on their way."""
        from .services import grace_period

        return self.deadline + grace_period() if self.deadline else None

    def seconds_left(self, now=None) -> int | None:
        if self.deadline is None:
            return None
        now = now or timezone.now()
        # Rounded up, so a browser counting down never submits before the deadline.
        return max(0, math.ceil((self.deadline - now).total_seconds()))


class AttemptQuestion(models.Model):
    """One question of an attempt: the version shown, its layout, the response and the mark.

    `layout` holds answer ids in the order shown ("choices"; matching also "rows" and the
    shuffled right-hand texts in "targets"); `response` refers to them by index only.
    `key` is the question's answer key as it was when the attempt started, so grading
    reads one row per question and nothing else.
    """

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="slots")
    position = models.PositiveSmallIntegerField()
    page = models.PositiveSmallIntegerField(default=0)
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    max_points = models.DecimalField(max_digits=6, decimal_places=2)
    layout = models.JSONField(default=dict, blank=True)
    key = models.JSONField(default=list, blank=True)
    response = models.JSONField(null=True, blank=True)
    score = models.DecimalField(_("points"), max_digits=8, decimal_places=2, null=True)
    needs_marking = models.BooleanField(_("waiting for marking"), default=False)
    checked = models.BooleanField(default=False)
    comment = models.TextField(_("marker's comment"), blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("marked by"),
    )
    marked_at = models.DateTimeField(_("marked"), null=True, blank=True)

    class Meta:
        ordering = ["attempt", "position"]
        verbose_name = _("attempt question")
        verbose_name_plural = _("attempt questions")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="quiz_slot_position"),
        ]
        indexes = [
            models.Index(
                fields=["needs_marking"],
                condition=Q(needs_marking=True),
                name="quiz_slot_marking_queue",
            )
        ]

    def __str__(self):
        return f"{self.attempt_id} #{self.position + 1}"

    @property
    def number(self) -> int:
        return self.position + 1

    @property
    def is_answered(self) -> bool:
        from .grading import is_answered

        return is_answered(self.question.type, self.response)

    @property
    def fraction(self) -> Decimal | None:
        if self.score is None or not self.max_points:
            return None
        return self.score / self.max_points


class QuestionImport(models.Model):
    """One upload of questions (GIFT, Aiken or XLSX), from preview to import.

    The parsed questions and their errors are kept as JSON, so the trainer can review the
    preview and confirm without uploading again. Written only by `courses.quiz.importers`.
    """

    class Format(models.TextChoices):
        GIFT = "gift", "GIFT"
        AIKEN = "aiken", "Aiken"
        XLSX = "xlsx", "XLSX"

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed")
        IMPORTED = "imported", _("Imported")
        CANCELLED = "cancelled", _("Cancelled")

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    original_filename = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=8, choices=Format.choices)
    category = models.ForeignKey(
        Category,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("import into category"),
    )
    questions = models.JSONField(_("questions"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("questions with errors"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PREVIEWED
    )
    imported_count = models.PositiveIntegerField(_("imported"), default=0)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("question import")
        verbose_name_plural = _("question imports")

    def __str__(self):
        return self.original_filename
