"""Forms of the sandbox role screens.

`ActionForm` is built from `PAYLOAD_KEYS[action]`: one field per payload key, so that a new
action in the services needs no new form here. Validation of the values themselves stays in
`sandbox.services` (the single source of the rules); the form only shapes the input.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from training.people.models import Unit

from .models import Channel, ComponentState, Delivery, PartnerAgency
from .services import PAYLOAD_KEYS
from .workflow import Action, ActorRole

# Roles a trainee can play on the role screens (TBP and PH act through TN and the system).
PLAYABLE_ROLES = (
    ActorRole.CD,
    ActorRole.TN,
    ActorRole.LDP,
    ActorRole.CV,
    ActorRole.LDK,
    ActorRole.VT,
)


class ClockForm(forms.Form):
    STEPS = {"hour": {"hours": 1}, "day": {"days": 1}, "working_day": {"working_days": 1}}
    step = forms.ChoiceField(
        choices=[
            ("hour", _("1 hour")),
            ("day", _("1 day")),
            ("working_day", _("1 working day")),
        ]
    )

    def amounts(self) -> dict[str, int]:
        return self.STEPS[self.cleaned_data["step"]]


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    procedure = forms.CharField(label=_("Procedure code"), required=False)
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("All"))] + list(Channel.choices)
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args, statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All"))] + list(statuses)

    def apply(self, qs):
        data = self.cleaned_data
        if data.get("status"):
            qs = qs.filter(status=data["status"])
        if data.get("procedure"):
            qs = qs.filter(procedure__code__iexact=data["procedure"].strip())
        if data.get("channel"):
            qs = qs.filter(channel=data["channel"])
        return qs.search(data.get("q", ""))


def _component_choices(dossier):
    return [(c.pk, f"{c.position + 1}. {c.name}") for c in dossier.components.all()]


# One builder per payload key; each returns a form field given the dossier.
_FIELDS = {
    "component": lambda d: forms.TypedChoiceField(
        label=_("Component"), coerce=int, choices=_component_choices(d)
    ),
    "components": lambda d: forms.TypedMultipleChoiceField(
        label=_("Components supplied"),
        coerce=int,
        choices=_component_choices(d),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    ),
    "items": lambda d: forms.TypedMultipleChoiceField(
        label=_("Missing or defective papers"),
        coerce=int,
        choices=_component_choices(d),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    ),
    "state": lambda d: forms.ChoiceField(
        label=_("State"),
        choices=[c for c in ComponentState.choices if c[0] != ComponentState.UNCHECKED],
    ),
    "partners": lambda d: forms.MultipleChoiceField(
        label=_("Partner agencies"),
        choices=[(p.code, p.name_vi) for p in PartnerAgency.objects.all()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    ),
    "consultation": lambda d: forms.TypedChoiceField(
        label=_("Consultation"),
        coerce=int,
        choices=[(c.pk, str(c)) for c in d.consultations.filter(replied_at__isnull=True)],
    ),
    "to_unit": lambda d: forms.ChoiceField(
        label=_("Transfer to"),
        required=False,
        choices=[("", _("The competent unit on the card"))]
        + [(u.code, u.name) for u in Unit.objects.order_by("code")],
    ),
    "method": lambda d: forms.ChoiceField(
        label=_("Return method"), choices=Delivery.choices, initial=d.delivery
    ),
    "collector": lambda d: forms.ChoiceField(
        label=_("Who collects the result"),
        choices=[("applicant", _("The applicant")), ("proxy", _("A proxy"))],
        required=False,
    ),
    "signer_capacity": lambda d: forms.ChoiceField(
        label=_("Signing as"),
        choices=[("head", _("Head of the agency")), ("deputy", _("Deputy, on behalf (KT.)"))],
    ),
    "new_date": lambda d: forms.DateField(
        label=_("New appointment date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    ),
    "appointment_date": lambda d: forms.DateField(
        label=_("Appointment date (your calculation)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    ),
}
# Shown only where the exercise asks the desk to calculate by hand.
MANUAL_KEYS = {"appointment_date", "fee_amount"}
_BOOLEANS = {
    "id_checked": _("Identity document checked"),
    "collect_fee": _("Fee collected now"),
}
_INTEGERS = {
    "extension_working_days": _("Verification extension (working days)"),
    "copies": _("Copies"),
    "pages": pgettext_lazy("paper pages", "Pages"),
    "cases": _("Cases"),
    "fee_amount": _("Fee to collect (VND, your calculation)"),
}
_LONG_TEXT = {"reason", "note", "request", "reply", "summary", "text", "obligation"}
_TEXT_LABELS = {
    "reason": _("Reason"),
    "note": _("Note"),
    "request": _("Request to the partner"),
    "reply": _("Reply"),
    "summary": _("Result summary"),
    "text": _("Note"),
    "obligation": _("Financial obligation"),
    "legal_basis": _("Legal basis"),
    "extension_reason": _("Reason for the extension"),
    "card_number": _("Card number (practice: any number)"),
    "specialist": _("Specialist"),
    "signer_name": _("Signer's name"),
    "signer_title": _("Signer's title"),
    "number": _("Document number (blank: next in the book)"),
    "proxy_name": _("Proxy's name"),
    "authorisation": _("Letter of authorisation"),
    "relationship": _("Relationship to the applicant"),
    "tracking_number": _("Postal tracking number"),
}


class ActionForm(forms.Form):
    """The fields of one action's payload, plus the dossier version the user saw. The action
    itself travels unprefixed (`name="action"`), so the view knows which form to bind."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, dossier, action: str, **kwargs):
        kwargs.setdefault("prefix", action)
        super().__init__(*args, **kwargs)
        self.action = action
        self.fields["expected_version"].initial = dossier.version
        self.payload_keys = tuple(
            key
            for key in PAYLOAD_KEYS.get(action, ())
            if key not in MANUAL_KEYS or dossier.workspace.manual_calculation
        )
        for key in self.payload_keys:
            self.fields[key] = self._field(key, dossier)
        if action == "upload_component":
            self.fields["upload"] = forms.FileField(label=_("File (PDF or image)"))

    @property
    def action_label(self) -> str:
        return str(Action(self.action).label)

    @staticmethod
    def _field(key: str, dossier) -> forms.Field:
        if key in _FIELDS:
            return _FIELDS[key](dossier)
        if key in _BOOLEANS:
            return forms.BooleanField(label=_BOOLEANS[key], required=False)
        if key in _INTEGERS:
            return forms.IntegerField(label=_INTEGERS[key], required=False, min_value=0)
        widget = forms.Textarea(attrs={"rows": 2}) if key in _LONG_TEXT else forms.TextInput
        # Required-ness is decided by the service, which knows the action's rules.
        return forms.CharField(
            label=_TEXT_LABELS.get(key, key), required=False, widget=widget, max_length=2000
        )

    def payload(self) -> dict:
        data = self.cleaned_data
        return {k: data[k] for k in self.payload_keys if data.get(k) not in (None, "", [])}


class ApplicantForm(forms.Form):
    """The applicant block of an e-form (citizen portal) or of a desk intake."""

    name = forms.CharField(label=_("Full name"), max_length=200)
    id_number = forms.CharField(label=_("ID number"), max_length=30)
    address = forms.CharField(label=_("Address"), max_length=300)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    request_summary = forms.CharField(
        label=_("Request"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    delivery = forms.ChoiceField(label=_("Receive the result"), choices=Delivery.choices)
    delivery_address = forms.CharField(label=_("Postal address"), max_length=300, required=False)

    APPLICANT_KEYS = ("name", "id_number", "address", "phone", "email")

    def __init__(self, *args, wards=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Ward-level procedures are received by the ward the citizen chooses.
        if wards is not None:
            self.fields["receiving_unit"] = forms.ModelChoiceField(
                label=_("Ward that receives the dossier"), queryset=wards
            )

    def applicant(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.APPLICANT_KEYS if self.cleaned_data[k]}


class DeskIntakeForm(ApplicantForm):
    procedure = forms.ModelChoiceField(label=_("Procedure"), queryset=None)
    receiving_unit = forms.ModelChoiceField(
        label=_("Receiving ward (ward procedures)"), queryset=None, required=False
    )
    field_order = ["procedure", "receiving_unit"]

    def __init__(self, *args, procedures, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedure"].queryset = procedures
        self.fields["receiving_unit"].queryset = units
