"""StreamField blocks of a scenario: the seeded dossiers, the scripted actors, the expected
path and the rubric. Choices that come from the database (procedures, units) are callables,
so that the migrations do not freeze them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from ..models import Channel
from ..workflow import Action, ActorRole, Status
from .assessor import CHECK_CHOICES, CHECKS
from .rules import RULE_CHOICES, CriterionKind

# Statuses a seeded dossier can be put in before the trainee starts.
SEED_STATUSES = [
    (Status.AT_DESK, Status.AT_DESK.label),
    (Status.SUBMITTED, Status.SUBMITTED.label),
    (Status.ACCEPTED, Status.ACCEPTED.label),
    (Status.TRANSFERRED, Status.TRANSFERRED.label),
    (Status.ASSIGNED, Status.ASSIGNED.label),
    (Status.APPRAISING, Status.APPRAISING.label),
]


def procedure_choices():
    from ..models import Procedure

    seen = {}
    for code, name in Procedure.objects.order_by("sort_order", "code").values_list(
        "code", "name_vi"
    ):
        seen.setdefault(code, f"{code} – {name}")
    return list(seen.items())


def check_choices():
    # A callable, so that adding or renaming a check needs no migration.
    return CHECK_CHOICES


def unit_choices():
    from training.people.models import Unit

    return [("", "—")] + [(u.code, u.name) for u in Unit.objects.order_by("kind", "code")]


def _positions(value: str) -> list[list[int]]:
    """ "2,4 | 3" → [[2, 4], [3]]: alternatives (one is drawn per attempt by its seed)."""
    variants = []
    for part in str(value or "").split("|"):
        numbers = [p.strip() for p in part.split(",") if p.strip()]
        variants.append([int(n) for n in numbers])
    return variants or [[]]


class PositionsBlock(blocks.CharBlock):
    def clean(self, value):
        value = super().clean(value)
        try:
            _positions(value)
        except ValueError:
            raise ValidationError(
                _("Write card positions as numbers, e.g. “2, 4”, with “|” between variants.")
            ) from None
        return value


class SeedDossierBlock(blocks.StructBlock):
    label = blocks.CharBlock(
        label=_("label"),
        max_length=20,
        help_text=_("A short name criteria and scripts refer to, e.g. “A”."),
    )
    procedure = blocks.ChoiceBlock(choices=procedure_choices, label=_("procedure"))
    channel = blocks.ChoiceBlock(choices=Channel.choices, default=Channel.DESK, label=_("channel"))
    receiving_unit = blocks.ChoiceBlock(
        choices=unit_choices,
        required=False,
        label=_("receiving desk"),
        help_text=_("The ward for ward procedures; empty for the district desk."),
    )
    arrives_at = blocks.DateTimeBlock(
        label=_("arrives at"), help_text=_("When the applicant submits (simulated time).")
    )
    status = blocks.ChoiceBlock(
        choices=SEED_STATUSES,
        default=Status.AT_DESK,
        label=_("stage when the trainee starts"),
    )
    missing = PositionsBlock(
        required=False,
        label=_("missing papers"),
        help_text=_("Card positions (1, 2, …) the applicant did not bring; “|” between variants."),
    )
    defective = PositionsBlock(
        required=False,
        label=_("defective papers"),
        help_text=_("Card positions of papers that are there but not valid."),
    )
    defect_note = blocks.CharBlock(
        required=False,
        label=_("what is wrong with them"),
        help_text=_("Printed on the defective papers, e.g. “bản chụp mờ”."),
    )
    copies = blocks.IntegerBlock(default=1, min_value=1, label=_("copies requested"))
    pages = blocks.IntegerBlock(default=1, min_value=1, label=_("pages of the original"))
    page_variants = blocks.CharBlock(
        required=False,
        label=_("other page counts"),
        help_text=_("e.g. “4|5”: each attempt draws one of these or the count above."),
    )
    request = blocks.TextBlock(required=False, label=_("what the applicant asks for"))
    count = blocks.IntegerBlock(
        default=1, min_value=1, max_value=500, label=_("how many such dossiers")
    )

    class Meta:
        icon = "doc-full"
        label = _("Seeded dossier")


class ScriptBlock(blocks.StructBlock):
    dossier = blocks.CharBlock(label=_("dossier label"), max_length=20)
    when_status = blocks.ChoiceBlock(
        choices=Status.choices,
        label=_("when the dossier is in"),
        default=Status.SUPPLEMENT_REQUESTED,
    )
    after_working_days = blocks.IntegerBlock(
        default=0, min_value=0, label=_("after (working days in that status)")
    )
    action = blocks.ChoiceBlock(choices=Action.choices, label=_("action"))
    role = blocks.ChoiceBlock(choices=ActorRole.choices, label=_("played by"))
    actor_name = blocks.CharBlock(required=False, label=_("actor's name"))
    text = blocks.TextBlock(
        required=False,
        label=_("text"),
        help_text=_("Reason, reply or note the scripted actor writes."),
    )

    class Meta:
        icon = "cogs"
        label = _("Scripted action")


class StepBlock(blocks.StructBlock):
    dossier = blocks.CharBlock(label=_("dossier label"), max_length=20)
    role = blocks.ChoiceBlock(choices=ActorRole.choices, label=_("role"))
    action = blocks.ChoiceBlock(choices=Action.choices, label=_("action"))
    note = blocks.CharBlock(required=False, label=_("what the officer should do here"))

    class Meta:
        icon = "arrow-right"
        label = _("Expected step")


class CriterionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("criterion"))
    rule = blocks.ChoiceBlock(choices=RULE_CHOICES, label=_("rule"))
    legal_basis = blocks.CharBlock(
        required=False,
        label=_("legal basis"),
        help_text=_("Empty: the rule's own basis."),
    )
    kind = blocks.ChoiceBlock(choices=CriterionKind.choices, label=_("kind"))
    check = blocks.ChoiceBlock(choices=check_choices, label=_("check"))
    dossier = blocks.CharBlock(
        required=False,
        max_length=20,
        label=_("dossier label"),
        help_text=_("Empty: every dossier."),
    )
    value = blocks.CharBlock(required=False, label=_("value"))
    date = blocks.DateBlock(required=False, label=_("expected date"))
    limit = blocks.IntegerBlock(required=False, label=_("limit"))
    weight = blocks.DecimalBlock(label=_("weight"), default=1, decimal_places=2)
    critical = blocks.BooleanBlock(
        required=False, label=_("critical"), help_text=_("Failing it fails the attempt.")
    )
    warning = blocks.BooleanBlock(
        required=False,
        label=_("warning only"),
        help_text=_("Unverified rules: reported, but no points are lost."),
    )
    feedback = blocks.TextBlock(label=_("feedback when it is missed"))

    class Meta:
        icon = "tick-inverse"
        label = _("Criterion")

    def clean(self, value):
        """Refuse, on the field concerned, what the assessor could not grade."""
        value = super().clean(value)
        errors = {}
        if value.get("weight") is None or value["weight"] <= 0:
            errors["weight"] = ValidationError(_("The weight must be more than 0."))
        check = CHECKS.get(value.get("check"))
        problem = check.validate(dict(value)) if check else None
        if problem:
            field, message = problem
            errors[field] = ValidationError(message)
        if value.get("critical") and value.get("warning"):
            errors["warning"] = ValidationError(
                _("A warning-only criterion cannot be critical: untick one of them.")
            )
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class HistoryBlock(blocks.StructBlock):
    """Many dossiers with finished and unfinished histories over a period, generated from
    the attempt's seed (`sandbox.scenarios.history`): the material of a report exercise."""

    unit = blocks.ChoiceBlock(choices=unit_choices, label=_("unit"))
    period_start = blocks.DateBlock(label=_("period from"))
    period_end = blocks.DateBlock(label=_("period to"))
    count = blocks.IntegerBlock(default=200, min_value=1, max_value=2000, label=_("dossiers"))

    class Meta:
        icon = "table"
        label = _("Generated history")
