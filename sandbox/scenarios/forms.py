"""Forms of the officer's attempt page: submit for assessment (with the II.06a figures of
a report exercise) and start a practice attempt over. Both ask for an explicit
confirmation, since neither can be undone."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..statistics_views import COLUMNS
from .services import REPORT_FIELDS

# The II.06a column headings of the statistics screen, in the order of the figures.
REPORT_LABELS = dict(COLUMNS)


class SubmitForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have finished. Submit my work for assessment; nothing can be changed after."),
        error_messages={"required": _("Tick the box to confirm that you have finished.")},
    )

    def __init__(self, *args, report: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.report_fields = []
        if report:
            for name in REPORT_FIELDS:
                self.fields[name] = forms.IntegerField(
                    label=REPORT_LABELS.get(name, name), min_value=0, max_value=1_000_000
                )
                self.report_fields.append(self[name])

    def answers(self) -> dict | None:
        """The officer's report figures, or None when the exercise has no report."""
        if not self.report_fields:
            return None
        return {name: self.cleaned_data[name] for name in REPORT_FIELDS}


class ResetForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Throw away what I did and start this practice again with the same dossiers."),
        error_messages={"required": _("Tick the box to confirm that you want to start over.")},
    )
