"""Courses as a Wagtail page tree, and each officer's enrolment and progress.

Tree: CourseIndexPage → CoursePage → ModulePage → activities. An activity is any page model
that inherits `ActivityPage`: lessons here, quizzes and sandbox scenarios in the apps that
build on courses. `ModulePage` accepts every such model, so those apps plug in without
courses importing them. Learners' data lives in plain models (`Enrolment`,
`ActivityProgress`), never in page revisions.
"""

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.db import models
from django.db.models import Case, Q, Value, When
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, get_page_models
from wagtail.search import index

from training.home.routing import StaffOnlyPageMixin

from .blocks import LessonStreamBlock
from .outline import outline_page
from .search import FOLDED_SEARCH_FIELDS, AccentFoldedSearchMixin


def local_today() -> date:
    """Today in Asia/Ho_Chi_Minh: due dates are calendar dates in the district's time zone."""
    return timezone.localdate()


class CourseIndexPage(StaffOnlyPageMixin, Page):
    """The catalogue of courses."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("course catalogue")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = (
            CoursePage.objects.live().child_of(self).select_related("cover_image").order_by("path")
        )
        return context


class CoursePage(AccentFoldedSearchMixin, StaffOnlyPageMixin, Page):
    class CompletionRule(models.TextChoices):
        REQUIRED = "required", _("Pass every required activity")
        ALL = "all", _("Pass every activity, optional ones included")

    summary = models.TextField(_("summary"), max_length=600)
    objectives = RichTextField(
        _("learning objectives"), blank=True, features=["bold", "italic", "ol", "ul"]
    )
    audience_units = ParentalManyToManyField(
        "people.Unit", blank=True, related_name="+", verbose_name=_("audience: units")
    )
    audience_positions = ParentalManyToManyField(
        "people.Position", blank=True, related_name="+", verbose_name=_("audience: positions")
    )
    estimated_minutes = models.PositiveIntegerField(_("estimated minutes"), default=60)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cover image"),
    )
    prerequisites = ParentalManyToManyField(
        "self",
        blank=True,
        symmetrical=False,
        related_name="+",
        verbose_name=_("prerequisite courses"),
        help_text=_("Officers must complete these courses before they can start this one."),
    )
    completion_rule = models.CharField(
        _("completion rule"),
        max_length=12,
        choices=CompletionRule.choices,
        default=CompletionRule.REQUIRED,
    )
    # Rebuilt by courses.outline whenever a page inside the course changes; never edited.
    outline = models.JSONField(default=list, blank=True, editable=False)
    open_enrolment = models.BooleanField(
        _("open for self-enrolment"),
        default=True,
        help_text=_("If unticked, only officers assigned by HR can take this course."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("objectives"),
        FieldPanel("cover_image"),
        MultiFieldPanel(
            [
                FieldPanel("audience_units"),
                FieldPanel("audience_positions"),
                FieldPanel("estimated_minutes"),
            ],
            heading=_("Audience"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("prerequisites"),
                FieldPanel("completion_rule"),
                FieldPanel("open_enrolment"),
            ],
            heading=_("Rules"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("objectives"),
        *FOLDED_SEARCH_FIELDS,
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage"]

    class Meta:
        verbose_name = _("course")

    def activities(self):
        """The live activities of this course in tree order, from the stored outline.

        Unsaved `Page` objects with `is_required`, `estimated_minutes` and
        `activity_label`: no query.
        """
        return [activity for module in self.modules() for activity in module.activities]

    def modules(self):
        """The live modules, each with `.activities` (see `activities()`), no query."""
        modules = []
        for entry in self.outline:
            module = outline_page(entry, self.depth + 1, self.url_path)
            module.activities = [
                outline_page(a, self.depth + 2, module.url_path) for a in entry["activities"]
            ]
            modules.append(module)
        return modules

    def counted_activities(self, activities=None):
        """The activities that count toward completion under this course's rule."""
        activities = self.activities() if activities is None else activities
        if self.completion_rule == self.CompletionRule.ALL:
            return activities
        return [a for a in activities if a.is_required]

    def outline_for(self, user):
        """Modules with their activities and the officer's state on each (course page)."""
        from .services import missing_prerequisites

        modules = self.modules()
        passed = set()
        enrolment = Enrolment.objects.filter(user=user, course=self).first()
        if enrolment is not None:
            passed = set(
                ActivityProgress.objects.filter(user=user, course=self, passed=True).values_list(
                    "activity_id", flat=True
                )
            )
        outline, next_activity, first = [], None, None
        for module in modules:
            items = module.activities
            for item in items:
                first = first or item
                item.is_passed = item.pk in passed
                if next_activity is None and not item.is_passed:
                    next_activity = item
            counted = [a for a in items if a.is_required or self.completion_rule == "all"]
            outline.append(
                {
                    "module": module,
                    "activities": items,
                    "done": bool(counted) and all(a.is_passed for a in counted),
                }
            )
        return {
            "outline": outline,
            "enrolment": enrolment,
            "next_activity": next_activity or first,
            "missing_prerequisites": (
                [] if enrolment else missing_prerequisites(user=user, course=self)
            ),
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.outline_for(request.user))
        return context

    def serve(self, request, *args, **kwargs):
        if request.method == "POST" and request.user.is_authenticated:
            return self.process_enrolment(request)
        return super().serve(request, *args, **kwargs)

    def process_enrolment(self, request):
        from .services import EnrolmentError, enrolment_self_enrol

        try:
            enrolment_self_enrol(user=request.user, course=self)
        except EnrolmentError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, gettext("You are enrolled. Good luck!"))
        return redirect(self.url)


class ModulePage(StaffOnlyPageMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("module")

    @classmethod
    def clean_subpage_models(cls):
        # The activity slot: any ActivityPage subclass, from any app, may sit in a module.
        return activity_page_models()

    @cached_property
    def course(self) -> CoursePage:
        return CoursePage.objects.ancestor_of(self).get()


class ActivityPage(StaffOnlyPageMixin, Page):
    """Base of every module activity (lesson, quiz, sandbox scenario).

    Subclasses implement nothing else to take part in progress: they report a result
    through `courses.services.activity_record_result`.
    """

    is_required = models.BooleanField(
        _("required for completion"),
        default=True,
        help_text=_("Optional activities do not count toward course completion."),
    )
    estimated_minutes = models.PositiveIntegerField(_("estimated minutes"), default=10)

    settings_panels = [*Page.settings_panels, FieldPanel("is_required")]
    parent_page_types = ["courses.ModulePage"]
    subpage_types = []

    # Shown to officers next to the activity, e.g. "Lesson", "Quiz".
    activity_label = _("Activity")

    class Meta:
        abstract = True

    @cached_property
    def module(self) -> ModulePage:
        return ModulePage.objects.ancestor_of(self).get()

    @cached_property
    def course(self) -> CoursePage:
        return CoursePage.objects.ancestor_of(self).get()

    def serve(self, request, *args, **kwargs):
        # Officers must be enrolled (which checked prerequisites) to open an activity;
        # trainers previewing a draft in the admin are not.
        if request.user.is_authenticated and not getattr(request, "is_preview", False):
            self.enrolment = (
                Enrolment.objects.filter(user=request.user, course__path=self.path[:-8])
                .select_related("course")
                .first()
            )
            if self.enrolment is None:
                return self.serve_not_enrolled(request)
            if not self.enrolment.course.live:
                # Unpublishing a course leaves its lessons live in the tree; hide them too.
                raise Http404
            self.course = self.enrolment.course
            if request.method == "POST":
                return self.process_activity_post(request)
        return super().serve(request, *args, **kwargs)

    def process_activity_post(self, request):
        """Handle the officer's POST on this activity; subclasses override."""
        from django.http import HttpResponseNotAllowed

        return HttpResponseNotAllowed(["GET"])

    def serve_not_enrolled(self, request):
        from .services import missing_prerequisites

        course = self.course
        context = {
            "page": self,
            "course": course,
            "missing_prerequisites": missing_prerequisites(user=request.user, course=course),
        }
        return TemplateResponse(request, "courses/not_enrolled.html", context, status=403)

    def course_navigation(self, user):
        """Every live activity of the course, from its outline, with passed flags."""
        course = self.course
        pages = course.activities()
        passed = set(
            ActivityProgress.objects.filter(user=user, course=course, passed=True).values_list(
                "activity_id", flat=True
            )
        )
        for page in pages:
            page.is_passed = page.pk in passed
            page.is_current = page.pk == self.pk
        return pages

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        navigation = self.course_navigation(request.user)
        context["course"] = self.course
        context["enrolment"] = getattr(self, "enrolment", None)
        context["navigation"] = navigation
        position = next((i for i, p in enumerate(navigation) if p.is_current), None)
        context["next_page"] = (
            navigation[position + 1]
            if position is not None and position + 1 < len(navigation)
            else None
        )
        context["previous_page"] = navigation[position - 1] if position else None
        context["is_passed"] = any(p.is_current and p.is_passed for p in navigation)
        return context


def activity_page_models() -> list[type[Page]]:
    return [m for m in get_page_models() if issubclass(m, ActivityPage)]


class LessonPage(AccentFoldedSearchMixin, ActivityPage):
    body = StreamField(LessonStreamBlock(), verbose_name=_("content"))

    content_panels = [*Page.content_panels, FieldPanel("estimated_minutes"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body"), *FOLDED_SEARCH_FIELDS]
    activity_label = _("Lesson")

    class Meta:
        verbose_name = _("lesson")

    def process_activity_post(self, request):
        """The officer reached the end of the lesson and confirms it is done."""
        from .services import activity_record_result

        enrolment = activity_record_result(user=request.user, activity=self, passed=True)
        if enrolment.status == Enrolment.Status.COMPLETED:
            messages.success(request, gettext("Congratulations! You have completed the course."))
            return redirect(self.course.url)
        navigation = self.course_navigation(request.user)
        position = next((i for i, p in enumerate(navigation) if p.pk == self.pk), -1)
        upcoming = [p for p in navigation if not p.is_passed]
        following = [p for p in navigation[position + 1 :] if not p.is_passed]
        target = (following or upcoming or [self.course])[0]
        return redirect(target.url)


class Assignment(ClusterableModel):
    """HR's instruction that officers take a course by a due date.

    Targets combine as: (units, if any) AND (positions, if any), plus the named officers.
    An assignment to a unit also reaches officers who join that unit later.
    """

    course = models.ForeignKey(
        CoursePage, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("course")
    )
    units = models.ManyToManyField("people.Unit", blank=True, verbose_name=_("units"))
    positions = models.ManyToManyField("people.Position", blank=True, verbose_name=_("positions"))
    officers = models.ManyToManyField(
        "people.Officer", blank=True, related_name="+", verbose_name=_("named officers")
    )
    due_date = models.DateField(_("due date"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self):
        return f"{self.course.title} — {self.due_date:%d/%m/%Y}"


class EnrolmentQuerySet(models.QuerySet):
    def with_state(self, today: date | None = None):
        """Annotate `state`: not_started / in_progress / completed / overdue (derived)."""
        today = today or local_today()
        return self.annotate(
            state=Case(
                When(status=Enrolment.Status.COMPLETED, then=Value("completed")),
                When(due_date__lt=today, then=Value("overdue")),
                default="status",
                output_field=models.CharField(),
            )
        )

    def overdue(self, today: date | None = None):
        today = today or local_today()
        return self.exclude(status=Enrolment.Status.COMPLETED).filter(due_date__lt=today)

    def visible_to(self, user):
        """Enrolments whose data `user` may see: own; a leader's unit; HR and admins all."""
        from training.people.models import Officer

        visible_officers = Officer.objects.visible_to(user).values("user_id")
        return self.filter(Q(user=user) | Q(user_id__in=visible_officers))


class Enrolment(models.Model):
    """One officer taking one course, self-enrolled or assigned."""

    class Source(models.TextChoices):
        SELF = "self", _("Self-enrolled")
        ASSIGNED = "assigned", _("Assigned")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="enrolments")
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    assignment = models.ForeignKey(
        Assignment, null=True, blank=True, on_delete=models.SET_NULL, related_name="enrolments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    completed_count = models.PositiveIntegerField(default=0)
    required_count = models.PositiveIntegerField(default=0)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="one_enrolment_per_course"),
            models.CheckConstraint(
                condition=Q(completed_count__lte=models.F("required_count")) | Q(required_count=0),
                name="enrolment_progress_within_bounds",
            ),
        ]
        indexes = [models.Index(fields=["course", "status"]), models.Index(fields=["due_date"])]

    def __str__(self):
        return f"{self.user} → {self.course_id}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.COMPLETED:
            return 100
        if not self.required_count:
            return 0
        return round(100 * self.completed_count / self.required_count)

    @property
    def is_overdue(self) -> bool:
        return (
            self.status != self.Status.COMPLETED
            and self.due_date is not None
            and self.due_date < local_today()
        )


class ActivityProgress(models.Model):
    """An officer's result on one activity; a lesson is passed when confirmed as done."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activity_progress"
    )
    activity = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="+")
    passed = models.BooleanField(default=False)
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    first_seen_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("activity progress")
        verbose_name_plural = _("activity progress")
        constraints = [
            models.UniqueConstraint(fields=["user", "activity"], name="one_progress_per_activity")
        ]
        indexes = [models.Index(fields=["user", "course"])]

    def __str__(self):
        return f"{self.user} · {self.activity_id} · {'passed' if self.passed else 'open'}"


# Models defined in their own modules, imported here so Django registers them.
from .certificates import *  # noqa: E402, F403
from .media import *  # noqa: E402, F403
from .reminders import *  # noqa: E402, F403
