"""HR's course assignment screens in the Wagtail admin (Admin › Course assignments).

HR lists assignments, assigns a course to units, positions or named officers with a due
date, and moves the due date of an existing assignment. Its targets are not edited
afterwards: officers were enrolled and e-mailed when it was saved.

Register in `courses/wagtail_hooks.py` (or put `assignment_viewset` in a ViewSetGroup):

    from .assignment_viewsets import assignment_viewset, register_assignment_log_actions

    hooks.register("register_admin_viewset", lambda: assignment_viewset)
    hooks.register("register_log_actions", register_assignment_log_actions)
"""

from datetime import date

from django.db.models import Count
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter

from .assignment_forms import AssignmentCreateForm, AssignmentDueDateForm
from .assignment_services import DUE_DATE_CHANGED, assignment_change_due_date
from .models import Assignment
from .services import EnrolmentError, assignment_create


def person_name(user) -> str:
    """An officer by the full name they are known by, in Vietnamese order."""
    if user is None:
        return ""
    officer = getattr(user, "officer", None)
    return officer.full_name if officer is not None else user.get_username()


def assignment_targets(assignment: Assignment) -> str:
    """Units, positions and named officers in one line (from prefetched relations)."""
    parts = []
    units = [str(u) for u in assignment.units.all()]
    positions = [str(p) for p in assignment.positions.all()]
    officers = [o.full_name for o in assignment.officers.all()]
    if units:
        parts.append(", ".join(units))
    if positions:
        parts.append(", ".join(positions))
    if officers:
        parts.append(", ".join(officers))
    return " · ".join(parts)


class AssignmentIndexView(generic.IndexView):
    def get_base_queryset(self):
        # Everything a row shows, in a fixed number of queries whatever the page size.
        return (
            super()
            .get_base_queryset()
            .select_related("course", "assigned_by__officer")
            .prefetch_related("units", "positions", "officers")
            .annotate(reached=Count("enrolments", distinct=True))
        )


class AssignmentCreateView(generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        assignment = assignment_create(
            course=data["course"],
            due_date=data["due_date"],
            assigned_by=self.request.user,
            units=self.form.units,
            positions=list(data["positions"]),
            officers=list(data["officers"]),
            note=data.get("note", ""),
        )
        return assignment

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except EnrolmentError as error:
            form.add_error(None, str(error))
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)

    def get_success_message(self, instance):
        enrolled = instance.enrolments.count()
        return ngettext(
            "“%(course)s” assigned: %(count)d officer enrolled.",
            "“%(course)s” assigned: %(count)d officers enrolled.",
            enrolled,
        ) % {"course": instance.course.title, "count": enrolled}


class AssignmentEditView(generic.EditView):
    def save_instance(self):
        self.moved = assignment_change_due_date(
            assignment=self.object,
            due_date=self.form.cleaned_data["due_date"],
            by=self.request.user,
        )
        return self.object

    def get_success_message(self):
        if not self.form.has_changed():
            return gettext("The due date was not changed.")
        return ngettext(
            "Due date changed to %(date)s for %(count)d officer.",
            "Due date changed to %(date)s for %(count)d officers.",
            self.moved,
        ) % {"date": self.object.due_date.strftime("%d/%m/%Y"), "count": self.moved}


create_panel = ObjectList(
    [
        FieldPanel("course"),
        MultiFieldPanel(
            [
                FieldPanel("departments"),
                FieldPanel("wards"),
                FieldPanel("positions"),
                FieldPanel("officers"),
            ],
            heading=_("Who takes the course"),
            help_text=_(
                "Officers of the chosen units (and positions) are enrolled now, and officers "
                "who join those units later are enrolled when they join."
            ),
        ),
        FieldPanel("due_date"),
        FieldPanel("note"),
    ],
    base_form_class=AssignmentCreateForm,
).bind_to_model(Assignment)

edit_panel = ObjectList(
    [
        FieldPanel("course", read_only=True),
        FieldPanel("note", read_only=True),
        FieldPanel("due_date"),
    ],
    base_form_class=AssignmentDueDateForm,
).bind_to_model(Assignment)


class AssignmentViewSet(ModelViewSet):
    model = Assignment
    icon = "calendar-check"
    menu_label = _("Course assignments")
    menu_order = 320
    index_view_class = AssignmentIndexView
    add_view_class = AssignmentCreateView
    edit_view_class = AssignmentEditView
    copy_view_enabled = False
    list_display = [
        "course",
        Column("targets", label=_("Assigned to"), accessor=assignment_targets),
        Column(
            "due_date",
            label=_("Due date"),
            sort_key="due_date",
            accessor=lambda a: a.due_date.strftime("%d/%m/%Y"),
        ),
        Column("reached", label=_("Officers reached"), sort_key="reached"),
        Column(
            "assigned_by", label=_("Assigned by"), accessor=lambda a: person_name(a.assigned_by)
        ),
        DateColumn(
            "created_at", label=pgettext_lazy("date column", "Created"), sort_key="created_at"
        ),
    ]
    list_filter = ["course"]
    search_fields = ["course__title", "note"]
    search_backend_name = None
    ordering = ["-created_at"]

    def get_form_class(self, for_update=False):
        return (edit_panel if for_update else create_panel).get_form_class()

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(panel=create_panel, **kwargs)

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(panel=edit_panel, **kwargs)


assignment_viewset = AssignmentViewSet("assignments")


class DueDateChangedFormatter(LogFormatter):
    label = _("Change due date")

    def format_message(self, log_entry):
        data = log_entry.data
        return ngettext(
            "Due date changed from %(old)s to %(new)s (%(count)d officer)",
            "Due date changed from %(old)s to %(new)s (%(count)d officers)",
            data["enrolments_moved"],
        ) % {
            "old": date.fromisoformat(data["previous_due_date"]).strftime("%d/%m/%Y"),
            "new": date.fromisoformat(data["due_date"]).strftime("%d/%m/%Y"),
            "count": data["enrolments_moved"],
        }


def register_assignment_log_actions(actions) -> None:
    """`register_log_actions` hook: how the due-date audit entry reads in History."""
    actions.register_action(DUE_DATE_CHANGED)(DueDateChangedFormatter)
