"""Figures of practice scenarios for trainers and HR: attempts and pass rates per scenario,
pass rates per rubric criterion and per rule ("which rules officers break most"), and a
breakdown by department and ward.

Every function takes a queryset of attempts already scoped to the reader
(`attempts_for(user, ...)`, built on `ScenarioAttempt.objects.visible_to`) and runs a fixed
number of queries whatever the number of attempts. Per-criterion figures are computed in
Python from the stored assessment (`result["criteria"]`) of the graded attempts, read in one
query: querying inside JSON differs between SQLite and PostgreSQL.

Vocabulary: an attempt is *graded* once the assessor has run (state "assessed"), whether it
was a practice or an assessed attempt; pass rates and mean scores are over graded attempts.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import get_language

from courses.models import CoursePage
from training.people.models import Unit

from ..calendar import VN_TZ
from .models import Mode, ScenarioAttempt, ScenarioPage
from .rules import RULES

GRADED = Q(state=ScenarioAttempt.State.ASSESSED)
ONE_DECIMAL = Decimal("0.1")


def percent(part, whole) -> Decimal | None:
    """`part` of `whole` as a percentage with one decimal; None when there is no whole."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def mean(total, count) -> Decimal | None:
    if not count:
        return None
    return (Decimal(total or 0) / Decimal(count)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------------------------------
# Scope and filters
# ---------------------------------------------------------------------------------------


def attempts_for(
    user,
    *,
    unit_kind: str = "",
    unit: Unit | None = None,
    mode: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[ScenarioAttempt]:
    """The attempts `user` may see, narrowed by the officer's unit (or kind of unit), the
    mode and the day the attempt was started (inclusive, Hà Nội time)."""
    attempts = ScenarioAttempt.objects.visible_to(user)
    if unit_kind:
        attempts = attempts.filter(user__officer__unit__kind=unit_kind)
    if unit is not None:
        attempts = attempts.filter(user__officer__unit=unit)
    if mode:
        attempts = attempts.filter(mode=mode)
    # Bounds as instants rather than `__date` lookups: the same SQL on both databases, and
    # the index on the timestamp stays usable.
    if date_from is not None:
        start = datetime.datetime.combine(date_from, datetime.time.min, tzinfo=VN_TZ)
        attempts = attempts.filter(started_at__gte=start)
    if date_to is not None:
        end = datetime.datetime.combine(
            date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=VN_TZ
        )
        attempts = attempts.filter(started_at__lt=end)
    return attempts


# ---------------------------------------------------------------------------------------
# Per scenario
# ---------------------------------------------------------------------------------------


@dataclass
class ScenarioFigures:
    scenario: ScenarioPage
    course_title: str = ""
    attempts: int = 0
    practice: int = 0
    assessed_mode: int = 0
    officers: int = 0
    graded: int = 0
    passes: int = 0
    score_sum: Decimal = Decimal("0")

    @property
    def pass_rate(self) -> Decimal | None:
        return percent(self.passes, self.graded)

    @property
    def mean_score(self) -> Decimal | None:
        return mean(self.score_sum, self.graded)


def _scenario_totals(attempts: QuerySet) -> dict[int, dict]:
    rows = (
        attempts.order_by()
        .values("scenario_id")
        .annotate(
            attempts=Count("pk"),
            practice=Count("pk", filter=Q(mode=Mode.PRACTICE)),
            assessed_mode=Count("pk", filter=Q(mode=Mode.ASSESSED)),
            officers=Count("user", distinct=True),
            graded=Count("pk", filter=GRADED),
            passes=Count("pk", filter=GRADED & Q(passed=True)),
            score_sum=Sum("score", filter=GRADED),
        )
    )
    return {row.pop("scenario_id"): row for row in rows}


def _figures(scenario: ScenarioPage, row: dict | None, course_title: str = "") -> ScenarioFigures:
    figures = ScenarioFigures(scenario=scenario, course_title=course_title)
    for name, value in (row or {}).items():
        setattr(figures, name, value if value is not None else Decimal("0"))
    return figures


def scenario_figures(attempts: QuerySet) -> list[ScenarioFigures]:
    """Every practice scenario, in the order of the course tree, with its figures (zeros
    for a scenario nobody has tried). Three queries."""
    totals = _scenario_totals(attempts)
    courses = list(CoursePage.objects.order_by("path").values_list("path", "title"))
    result = []
    for scenario in ScenarioPage.objects.order_by("path").only("pk", "title", "path", "slug"):
        course_title = next(
            (title for path, title in courses if scenario.path.startswith(path)), ""
        )
        result.append(_figures(scenario, totals.get(scenario.pk), course_title))
    return result


def scenario_summary(attempts: QuerySet, scenario: ScenarioPage) -> ScenarioFigures:
    """The figures of one scenario. One query."""
    totals = _scenario_totals(attempts.filter(scenario=scenario))
    return _figures(scenario, totals.get(scenario.pk))


# ---------------------------------------------------------------------------------------
# Per criterion and per rule
# ---------------------------------------------------------------------------------------


@dataclass
class CriterionFigures:
    key: str
    title: str
    rule: str
    kind: str = ""
    critical: bool = False
    warning: bool = False
    scenario_id: int | None = None
    attempts: int = 0
    passed: int = 0

    @property
    def failed(self) -> int:
        return self.attempts - self.passed

    @property
    def pass_rate(self) -> Decimal | None:
        return percent(self.passed, self.attempts)

    @property
    def requirement(self) -> str:
        rule = RULES.get(self.rule)
        return str(rule.requirement) if rule else ""


@dataclass
class RuleFigures:
    rule: str
    attempts: int = 0
    passed: int = 0
    criteria: set = field(default_factory=set)
    scenarios: set = field(default_factory=set)

    @property
    def failed(self) -> int:
        return self.attempts - self.passed

    @property
    def pass_rate(self) -> Decimal | None:
        return percent(self.passed, self.attempts)

    @property
    def requirement(self) -> str:
        rule = RULES.get(self.rule)
        return str(rule.requirement) if rule else ""

    @property
    def legal_basis(self) -> str:
        rule = RULES.get(self.rule)
        return rule.legal_basis if rule else ""


def _most_broken_first(item) -> tuple:
    # Lowest pass rate first; among equals, the one failed most often, then by name.
    rate = item.pass_rate if item.pass_rate is not None else Decimal("101")
    return (rate, -item.failed, getattr(item, "title", "") or item.rule)


def _graded_results(attempts: QuerySet) -> Iterable[tuple[int, list[dict]]]:
    """(scenario id, criteria) of every graded attempt, oldest first, in one query."""
    rows = (
        attempts.filter(GRADED).order_by("submitted_at", "pk").values_list("scenario_id", "result")
    )
    # Streamed in chunks: a district's worth of stored results never sits in memory at once.
    for scenario_id, result in rows.iterator(chunk_size=500):
        yield scenario_id, (result or {}).get("criteria") or []


def criterion_figures(
    attempts: QuerySet, scenario: ScenarioPage | None = None
) -> list[CriterionFigures]:
    """Per rubric criterion (grouped by its key, per scenario): how many graded attempts it
    was judged on and how many passed it, the most-broken first. The title and rule shown
    are those of the latest attempt (a later version may have reworded them). One query."""
    if scenario is not None:
        attempts = attempts.filter(scenario=scenario)
    found: dict[tuple[int, str], CriterionFigures] = {}
    for scenario_id, criteria in _graded_results(attempts):
        for item in criteria:
            key = (scenario_id, item.get("key") or item.get("title", ""))
            figures = found.get(key)
            if figures is None:
                figures = found[key] = CriterionFigures(
                    key=key[1], title="", rule="", scenario_id=scenario_id
                )
            figures.title = item.get("title", "")
            figures.rule = item.get("rule", "")
            figures.kind = item.get("kind", "")
            figures.critical = bool(item.get("critical"))
            figures.warning = bool(item.get("warning"))
            figures.attempts += 1
            figures.passed += 1 if item.get("passed") else 0
    return sorted(found.values(), key=_most_broken_first)


def rule_figures(attempts: QuerySet) -> list[RuleFigures]:
    """Per rule id across every scenario: each criterion judged in a graded attempt counts
    once for its rule. The most-broken rule first. One query."""
    found: dict[str, RuleFigures] = {}
    for scenario_id, criteria in _graded_results(attempts):
        for item in criteria:
            rule = item.get("rule", "")
            figures = found.setdefault(rule, RuleFigures(rule=rule))
            figures.attempts += 1
            figures.passed += 1 if item.get("passed") else 0
            figures.criteria.add((scenario_id, item.get("key")))
            figures.scenarios.add(scenario_id)
    return sorted(found.values(), key=_most_broken_first)


# ---------------------------------------------------------------------------------------
# Per department and ward
# ---------------------------------------------------------------------------------------


@dataclass
class UnitFigures:
    code: str
    name: str
    kind: str
    attempts: int = 0
    graded: int = 0
    passes: int = 0
    score_sum: Decimal = Decimal("0")
    officers: int = 0

    @property
    def kind_label(self) -> str:
        try:
            return str(Unit.Kind(self.kind).label)
        except ValueError:
            return ""

    @property
    def pass_rate(self) -> Decimal | None:
        return percent(self.passes, self.graded)

    @property
    def mean_score(self) -> Decimal | None:
        return mean(self.score_sum, self.graded)


UNIT = "user__officer__unit__"


def unit_figures(attempts: QuerySet) -> list[UnitFigures]:
    """Per unit of the officers (departments first, then wards, in the units' order):
    attempts, graded attempts, passes, pass rate and mean score. Attempts of accounts with
    no officer record come last, unnamed. One query."""
    rows = (
        attempts.order_by()
        .values(
            f"{UNIT}code", f"{UNIT}name_vi", f"{UNIT}name_en", f"{UNIT}kind", f"{UNIT}sort_order"
        )
        .annotate(
            attempts=Count("pk"),
            officers=Count("user", distinct=True),
            graded=Count("pk", filter=GRADED),
            passes=Count("pk", filter=GRADED & Q(passed=True)),
            score_sum=Sum("score", filter=GRADED),
        )
    )
    english = (get_language() or "vi").startswith("en")
    kinds = [Unit.Kind.DEPARTMENT, Unit.Kind.WARD]
    result = []
    for row in rows:
        kind = row[f"{UNIT}kind"] or ""
        result.append(
            (
                (
                    kinds.index(kind) if kind in kinds else len(kinds),
                    row[f"{UNIT}sort_order"] or 0,
                    row[f"{UNIT}name_vi"] or "",
                ),
                UnitFigures(
                    code=row[f"{UNIT}code"] or "",
                    name=(row[f"{UNIT}name_en"] if english else row[f"{UNIT}name_vi"]) or "",
                    kind=kind,
                    attempts=row["attempts"],
                    officers=row["officers"],
                    graded=row["graded"],
                    passes=row["passes"],
                    score_sum=row["score_sum"] or Decimal("0"),
                ),
            )
        )
    return [figures for _order, figures in sorted(result, key=lambda pair: pair[0])]


def kind_totals(units: list[UnitFigures]) -> list[UnitFigures]:
    """Subtotals of `unit_figures` for departments and for wards (no query)."""
    totals: dict[str, UnitFigures] = {}
    for unit in units:
        if not unit.kind:
            continue
        total = totals.setdefault(
            unit.kind, UnitFigures(code="", name=unit.kind_label, kind=unit.kind)
        )
        total.attempts += unit.attempts
        total.officers += unit.officers
        total.graded += unit.graded
        total.passes += unit.passes
        total.score_sum += unit.score_sum
    return [totals[kind] for kind in (Unit.Kind.DEPARTMENT, Unit.Kind.WARD) if kind in totals]


# ---------------------------------------------------------------------------------------
# The attempts themselves
# ---------------------------------------------------------------------------------------


def attempt_rows(attempts: QuerySet, scenario: ScenarioPage) -> QuerySet[ScenarioAttempt]:
    """The attempts of one scenario with their officer and unit (for a listing or an
    export: one query per page or chunk)."""
    return (
        attempts.filter(scenario=scenario)
        .select_related("user__officer__unit")
        .order_by("-started_at", "-pk")
    )
