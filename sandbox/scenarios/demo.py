"""Demo practice scenarios for `manage.py load_demo`: a module "Thực hành xử lý hồ sơ" in the
demo course holding the scenarios of `demo_content.py`. Idempotent: an existing module is
left alone."""

from __future__ import annotations

import datetime
import json
import uuid
from decimal import Decimal

from django.db import transaction
from django.utils.text import slugify

from courses.models import CoursePage, ModulePage

from .demo_content import SCENARIOS
from .models import ScenarioPage
from .rules import RULES

MODULE_SLUG = "thuc-hanh-xu-ly-ho-so"


def _stream(block_type: str, items: list[dict]) -> str:
    return json.dumps(
        [{"type": block_type, "value": item, "id": str(uuid.uuid4())} for item in items]
    )


def scenario_page(definition: dict) -> ScenarioPage:
    """An unsaved scenario page from one `demo_content.SCENARIOS` entry."""
    rubric = [
        {k: v for k, v in c.items() if v is not None and k not in ("key",)}
        for c in definition["rubric"]
    ]
    for item in rubric:
        item["weight"] = str(item["weight"])
    report = definition.get("report") or {}
    page = ScenarioPage(
        title=definition["title"],
        slug=definition.get("slug") or slugify(definition["title"]),
        briefing=definition["briefing"],
        trainee_roles=",".join(definition["roles"]),
        clock_start=datetime.datetime.fromisoformat(definition["clock_start"]),
        clock_variants=" | ".join(definition.get("clock_variants", [])),
        time_limit_working_days=definition.get("time_limit_working_days"),
        mode=definition.get("mode", "assessed"),
        assessed_attempts=definition.get("assessed_attempts", 2),
        pass_mark=definition.get("pass_mark", 80),
        manual_calculation=definition.get("manual_calculation", False),
        estimated_minutes=definition.get("estimated_minutes", 20),
        report_period_start=(
            datetime.date.fromisoformat(report["period_start"]) if report else None
        ),
        report_period_end=datetime.date.fromisoformat(report["period_end"]) if report else None,
    )
    if report:
        from training.people.models import Unit

        page.report_unit = Unit.objects.get(code=report["unit"])
    page.dossiers = _stream("dossier", definition["dossiers"])
    page.history = _stream("history", definition.get("history", []))
    page.scripts = _stream("script", definition["scripts"])
    page.expected_path = _stream("step", definition["expected_path"])
    page.rubric = _stream("criterion", rubric)
    return page


@transaction.atomic
def add_scenarios(course: CoursePage, definitions=None) -> ModulePage:
    module = ModulePage.objects.child_of(course).filter(slug=MODULE_SLUG).first()
    if module is not None:
        return module
    module = ModulePage(title="Thực hành xử lý hồ sơ trên hệ thống mô phỏng", slug=MODULE_SLUG)
    course.add_child(instance=module)
    for definition in definitions if definitions is not None else SCENARIOS:
        module.add_child(instance=scenario_page(definition))
    return module


def load(stdout) -> list:
    """Add the scenarios module to the demo course; no demo logins of its own."""
    course = CoursePage.objects.order_by("path").first()
    if course is None:
        stdout.write("  scenarios: no demo course, skipped")
        return []
    module = add_scenarios(course)
    count = ScenarioPage.objects.child_of(module).count()
    stdout.write(f"  scenarios: {count} practice scenarios in “{course.title}”")
    return []


def sampled_result(spec: dict, rng, target: Decimal) -> tuple[Decimal, bool, dict]:
    """A plausible stored assessment for generated history (`training.reports.demo`): the
    criteria an officer of about `target`% would miss, scored as the assessor scores.
    Returns (score, passed, result); the result has the shape `assess` stores, with
    "not recorded" in place of what was done."""
    criteria = spec["rubric"]
    scored = [c for c in criteria if not c.get("warning")]
    total = sum(Decimal(str(c["weight"])) for c in scored) or Decimal("1")
    missed: set[str] = set()
    points = total
    # An officer aiming at a pass misses nothing critical and stays above the pass mark.
    aims_to_pass = target >= spec["pass_mark"]
    floor = max(target - 5, Decimal(spec["pass_mark"])) if aims_to_pass else target - 5
    for c in rng.sample(scored, len(scored)):
        weight = Decimal(str(c["weight"]))
        if aims_to_pass and c.get("critical"):
            continue
        if (points - weight) * 100 / total >= floor:
            missed.add(c["key"])
            points -= weight
    while not aims_to_pass and points * 100 / total >= spec["pass_mark"]:
        # Chunky weights: miss the heaviest criteria left, so the attempt does fail.
        heaviest = max(
            (c for c in scored if c["key"] not in missed), key=lambda c: Decimal(str(c["weight"]))
        )
        missed.add(heaviest["key"])
        points -= Decimal(str(heaviest["weight"]))
    score = (points * 100 / total).quantize(Decimal("0.01"))
    critical = [c["key"] for c in criteria if c.get("critical") and c["key"] in missed]
    passed = not critical and score >= spec["pass_mark"]
    rows = []
    for c in criteria:
        ok = c["key"] not in missed and not (c.get("warning") and rng.random() < 0.2)
        rule = RULES.get(c["rule"])
        rows.append(
            {
                "key": c["key"],
                "title": c["title"],
                "rule": c["rule"],
                "requirement": str(rule.requirement) if rule else "",
                "legal_basis": c.get("legal_basis") or (rule.legal_basis if rule else ""),
                "kind": c.get("kind", ""),
                "weight": str(c["weight"]),
                "points": str(c["weight"]) if ok and not c.get("warning") else "0",
                "passed": ok,
                "critical": bool(c.get("critical")),
                "warning": bool(c.get("warning")),
                "observed": "—",
                "expected": "—",
                "feedback": "" if ok else c.get("feedback", ""),
                "dossiers": [],
            }
        )
    result = {
        "score": str(score),
        "points": str(points),
        "max_points": str(total),
        "passed": passed,
        "critical_failures": critical,
        "criteria": rows,
    }
    return score, passed, result
