"""Forms of HR's assignment screens: assign a course, move an assignment's due date.

The forms validate only; the views hand the cleaned data to the services
(`services.assignment_create`, `assignment_services.assignment_change_due_date`).
"""

from itertools import groupby

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from training.people.models import Department, Officer, Position, Ward

from .models import Assignment, CoursePage, local_today


def validate_not_past(value):
    if value < local_today():
        raise forms.ValidationError(
            _("The due date cannot be in the past (today is %(today)s)."),
            params={"today": local_today().strftime("%d/%m/%Y")},
            code="past_due_date",
        )


class AssignmentCreateForm(WagtailAdminModelForm):
    """Course, targets (units, positions, named officers), due date and note."""

    course = forms.ModelChoiceField(
        label=_("Course"),
        queryset=CoursePage.objects.none(),
        empty_label=_("Choose a published course"),
        error_messages={
            "invalid_choice": _("This course is not published; officers could not open it.")
        },
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("Specialist departments"),
        queryset=Department.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    wards = forms.ModelMultipleChoiceField(
        label=_("Wards"),
        queryset=Ward.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    positions = forms.ModelMultipleChoiceField(
        label=_("Positions"),
        queryset=Position.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "With units chosen too, only officers holding these positions in those units "
            "are assigned."
        ),
    )
    officers = forms.ModelMultipleChoiceField(
        label=_("Named officers"),
        queryset=Officer.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several officers."),
    )

    class Meta:
        model = Assignment
        fields = ["course", "due_date", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = CoursePage.objects.live().order_by("title")
        self.fields["due_date"].validators.append(validate_not_past)
        officers = (
            Officer.objects.active()
            .select_related("unit")
            .order_by("unit__kind", "unit__sort_order", "unit__name_vi", "full_name")
        )
        if self.for_user is not None:
            officers = officers.filter(
                pk__in=Officer.objects.visible_to(self.for_user).values("pk")
            )
        field = self.fields["officers"]
        field.queryset = officers
        # Grouped by unit: HR usually thinks "the two from Phường Hạ Đình".
        field.choices = [
            (
                unit.name,
                [
                    (officer.pk, f"{officer.full_name} ({officer.employee_code})")
                    for officer in group
                ],
            )
            for unit, group in groupby(officers, key=lambda officer: officer.unit)
        ]

    def clean(self):
        cleaned = super().clean()
        targets = ("departments", "wards", "positions", "officers")
        if not any(cleaned.get(name) for name in targets):
            raise forms.ValidationError(
                _("Choose at least one unit, position or named officer."), code="no_target"
            )
        return cleaned

    @property
    def units(self) -> list:
        return [*self.cleaned_data["departments"], *self.cleaned_data["wards"]]


class AssignmentDueDateForm(WagtailAdminModelForm):
    """Only the due date of an existing assignment may change; its targets are history."""

    class Meta:
        model = Assignment
        fields = ["due_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_date"].validators.append(validate_not_past)
        self.fields["due_date"].help_text = _(
            "Moves the due date of every officer still working on this assignment."
        )
